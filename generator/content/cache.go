package content

import (
	"io/fs"
	"sync"
	"time"

	"github.com/diachido/diachido/generator/diag"
)

// ParseCache keeps parsed entry files between loads of one site source, so
// that a preview (serve) re-parses only the files that changed since the
// last load instead of all of them: at 10,000 entries reading and decoding
// 20,000 files is most of a load, while an editor changes one.
//
// A file counts as unchanged while its size and modification time are the
// ones it had when it was parsed. A file modified within RacyWindow of being
// read is parsed but not kept, as Git does for its index: a second save in
// the same clock tick, with the same size, would otherwise go unnoticed.
//
// Every load gets its own copy of each Doc (loading assigns Front and
// Compact clears the YAML tree), so a model built from the cache never
// shares mutable state with an earlier one that may still be rendering.
// A ParseCache is safe for concurrent use; loads through one cache must
// use the same Options.
type ParseCache struct {
	mu    sync.Mutex
	files map[string]*parsed
	seen  map[string]bool // paths asked for since the last Prune
	hits  int             // files taken from the cache since the last Prune
	miss  int             // files parsed since the last Prune
	stat  StatFunc
}

// StatFunc returns the size and modification time a file had when its
// caller last looked, or ok false when it does not know the file.
type StatFunc func(path string) (size int64, mod time.Time, ok bool)

// UseStat makes the cache take sizes and modification times from f instead
// of asking the file system, for a caller that has just listed every file
// (serve's watcher); nil goes back to the file system. What f says must
// have been seen before the load starts reading: a file changed after that
// is then parsed under its older stamp, so the next load parses it again.
func (c *ParseCache) UseStat(f StatFunc) {
	c.mu.Lock()
	c.stat = f
	c.mu.Unlock()
}

// RacyWindow is how recent a file's modification time may be for its parse
// to be kept.
const RacyWindow = 2 * time.Second

type parsed struct {
	lang   string
	size   int64
	mod    time.Time
	doc    *Doc
	broken string
	diags  []diag.Diagnostic
}

// NewParseCache returns an empty cache.
func NewParseCache() *ParseCache {
	return &ParseCache{files: map[string]*parsed{}, seen: map[string]bool{}}
}

// parse is parseFile through the cache; a nil cache just parses.
func (c *ParseCache) parse(fsys fs.FS, p, lang string, diags *diag.List) (*Doc, string) {
	if c == nil {
		return parseFile(fsys, p, lang, diags)
	}
	c.mu.Lock()
	c.seen[p] = true
	f, stat := c.files[p], c.stat
	c.mu.Unlock()
	var size int64
	var mod time.Time
	ok := false
	if stat != nil {
		size, mod, ok = stat(p)
	}
	if !ok {
		info, err := fs.Stat(fsys, p)
		if err != nil {
			return parseFile(fsys, p, lang, diags) // which reports the problem
		}
		size, mod = info.Size(), info.ModTime()
	}
	if f != nil && f.lang == lang && f.size == size && f.mod.Equal(mod) {
		for _, d := range f.diags {
			diags.Add(d)
		}
		c.mu.Lock()
		c.hits++
		c.mu.Unlock()
		return f.doc.clone(), f.broken
	}
	var own diag.List
	doc, broken := parseFile(fsys, p, lang, &own)
	items := own.Items()
	for _, d := range items {
		diags.Add(d)
	}
	c.mu.Lock()
	c.miss++
	if time.Since(mod) >= RacyWindow {
		c.files[p] = &parsed{lang: lang, size: size, mod: mod, doc: doc, broken: broken, diags: items}
	} else {
		delete(c.files, p)
	}
	c.mu.Unlock()
	return doc.clone(), broken
}

// clone copies a parsed Doc for one load. Loading replaces Front as a
// whole and never writes into what Front, Body, node or keys point to, so
// a shallow copy is enough.
func (d *Doc) clone() *Doc {
	if d == nil {
		return nil
	}
	cp := *d
	return &cp
}

// Prune forgets the files that no load asked for since the last Prune
// (deleted or renamed ones) and returns how many files the loads since
// then took from the cache and how many they parsed.
func (c *ParseCache) Prune() (hits, parsed int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for p := range c.files {
		if !c.seen[p] {
			delete(c.files, p)
		}
	}
	c.seen = map[string]bool{}
	hits, parsed = c.hits, c.miss
	c.hits, c.miss = 0, 0
	return hits, parsed
}
