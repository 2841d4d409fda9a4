package site

import (
	"sync"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/markdown"
)

// LoadCache keeps what loading parsed between loads of one site source, for
// serve: each entry file (content.ParseCache) and each body's scan for the
// link checks. With it a reload after an edit parses the edited files only,
// and the whole-site checks (IDs, links, aliases, the ledger) run over the
// cached results. Loads through one LoadCache must use the same source and
// options, one at a time.
type LoadCache struct {
	parse *content.ParseCache

	mu    sync.Mutex
	scans map[bodyKey]markdown.Scan // the last load's
	used  map[bodyKey]markdown.Scan // this load's so far
	hits  int
	last  LoadCacheStats
}

// bodyKey identifies a body by the array holding its bytes. The parse
// cache gives every load of an unchanged file the same Body slice, and a
// changed file a newly allocated one, so the address says whether a body
// was scanned before, without hashing 70 MB of text on every reload. The
// map holding the key keeps the array alive, so no other body can reuse
// the address while its scan is kept; bodies are never written to.
type bodyKey struct {
	p *byte
	n int
}

// NewLoadCache returns an empty cache.
func NewLoadCache() *LoadCache {
	return &LoadCache{parse: content.NewParseCache(), scans: map[bodyKey]markdown.Scan{}, used: map[bodyKey]markdown.Scan{}}
}

// contentCache is the per-file cache for content.Load (nil without a
// LoadCache).
func (c *LoadCache) contentCache() *content.ParseCache {
	if c == nil {
		return nil
	}
	return c.parse
}

// UseStat makes the next loads take entry files' sizes and modification
// times from f (see content.ParseCache.UseStat); nil: from the file system.
func (c *LoadCache) UseStat(f content.StatFunc) { c.parse.UseStat(f) }

// scan returns md's scan of body, from the cache when the previous load
// scanned the same body.
func (c *LoadCache) scan(md *markdown.Renderer, body []byte) markdown.Scan {
	if c == nil || len(body) == 0 {
		return md.Scan(body)
	}
	key := bodyKey{&body[0], len(body)}
	c.mu.Lock()
	s, ok := c.scans[key]
	if ok {
		c.hits++
	}
	c.mu.Unlock()
	if !ok {
		s = md.Scan(body)
	}
	c.mu.Lock()
	c.used[key] = s
	c.mu.Unlock()
	return s
}

// LoadCacheStats says how much of a load came from the cache.
type LoadCacheStats struct {
	Parsed int // entry files read and parsed
	Reused int // entry files taken from the cache
	Scans  int // bodies whose link scan was reused
}

// Last says how much of the last finished load came from the cache.
func (c *LoadCache) Last() LoadCacheStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// finish ends a load: only what it used is kept, so that the cache never
// holds more than one site's worth.
func (c *LoadCache) finish() {
	if c == nil {
		return
	}
	reused, parsed := c.parse.Prune()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.scans, c.used = c.used, map[bodyKey]markdown.Scan{}
	c.last = LoadCacheStats{Parsed: parsed, Reused: reused, Scans: c.hits}
	c.hits = 0
}
