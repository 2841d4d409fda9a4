package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/diachido/diachido/generator/content"
)

// Search is our own small script (static/search.js) over a sharded index
// per language, built here, in the manner of Pagefind: a query downloads
// only the few files it needs, so that its cost stays about the same from
// 13 entries to 100,000 (TestSearchQueryCostAtNationalScale).
//
// Every entry of a language is a document, numbered in the order of
// today's lists: sites, markers, tours, exhibitions, pages, each kind in
// ID order; equally good matches keep that order. A language's search
// files, under /<lang>/search/ beside the search page:
//
//   - meta.json (searchMeta): the version (a digest of every search file,
//     added to their URLs as ?v= so a browser never mixes two builds), the
//     number of documents, how many a fragment file holds, and the shard
//     keys.
//   - w/<i>.json, the word shards: i is the key's place in the meta's list.
//     Every word of what search matches (title; summary snippet, address,
//     district, province, tags, ID) is folded (content.Fold: tone marks
//     dropped, đ → d, lowercase) and put in the shard whose key is its
//     longest prefix among the keys. Keys start as one letter; a shard
//     over searchShardTarget bytes is split by one more letter (its words
//     of exactly the key's length stay in it), until each is under it or
//     holds one word. A shard maps each folded word to its toned variants
//     (lowercase NFC, as typed), and each variant to two posting lists,
//     the title's and the rest's (fields one position apart, so a phrase
//     never spans two): per document, its number's distance from the
//     previous one, then the word's positions, in a varint string
//     (searchVarint).
//   - d/<n>.json, the fragments: documents n·searchChunk to
//     (n+1)·searchChunk-1 as the result cards show them (searchDoc), which
//     is also everything matching reads.
//
// A query is cut into words (runs of cased letters and digits; any other
// letter, as Lao's, is a word of its own, as it is a word start for
// search.js's at()), each folded. Each word loads one shard, the one
// whose key is its longest prefix, and matches that shard's words that
// start with it: every word is a prefix, as before. A prefix no longer
// than a key that was split ("di" once "dia" has a shard of its own)
// finds only the words of exactly its length: when that finds nothing, the
// page asks for one more letter. This bounds a query to one shard a word.
//
// From the postings search.js ranks the documents coarsely, in the classes
// of its score(): the query as typed (lowercase, tone marks and all) as a
// phrase in the title, at its start 110, elsewhere 100; in the rest 60;
// the folded query as a title phrase 50 (at the start) or 40; in the rest
// 20; every word found apart, 5 plus the number found in the title. It
// then fetches the fragments of the first searchPage documents and scores
// those again with score() on their text, so that what is shown is in
// exactly the order a search of the whole index would give; "more" does
// the same for the next searchPage. searchIndex.plan is the same choice
// in Go, which the tests hold the script to.
//
// Matching ignores tone marks and đ/d: search.js folds the query, so "dia
// dao nhon trach" finds "Địa đạo Nhơn Trạch", and ranks the query as typed
// above folded-only matches.
//
// The summary is cut to its first searchSnippet characters: a result card
// shows two or three lines.

const (
	// searchSnippet is how many characters of a summary search keeps.
	searchSnippet = 120
	// searchChunk is how many documents a fragment file holds: small,
	// since the first results are spread over the whole site.
	searchChunk = 8
	// searchShardTarget is the size in bytes (as written, before gzip) over
	// which a shard is split.
	searchShardTarget = 32 << 10
	// searchPage is how many results search.js shows at once (its PAGE).
	searchPage = 20
	// searchFormat is the version of the files' layout (searchMeta.Format).
	searchFormat = 2
)

// searchDoc is one document: what a result card shows and search matches.
type searchDoc struct {
	ID   string `json:"i"`
	Kind string `json:"k"` // s site, m marker, t tour, e exhibition, p page
	// URL is relative to the language's home: "sites/dia-dao-nhon-trach/".
	URL   string `json:"u"`
	Title string `json:"t"`
	// FoldTitle is content.Fold(Title) when it differs from the lowercased
	// title.
	FoldTitle string `json:"ft,omitempty"`
	// Summary is the summary's beginning, cut at a word (snippet).
	Summary  string `json:"s,omitempty"`
	Address  string `json:"a,omitempty"`
	District string `json:"d,omitempty"`
	Province string `json:"p,omitempty"`
	// Tags are words matched but not shown: the entry's tags, and an
	// exhibition's section headings (so that "Điện Biên Phủ" finds the
	// exhibition with a section of that name).
	Tags []string `json:"g,omitempty"`
}

// body is what search matches besides the title, field by field, in the
// order of search.js's text().
func (d *searchDoc) body() []string {
	return append(append([]string{d.Summary, d.Address, d.District, d.Province}, d.Tags...), d.ID)
}

// searchMeta is the file /<lang>/search/meta.json.
type searchMeta struct {
	Format  int      `json:"f"`
	Version string   `json:"v"`
	Docs    int      `json:"n"`
	Chunk   int      `json:"c"`
	Keys    []string `json:"k"`
}

var kindCodes = map[content.Kind]string{content.Site: "s", content.Marker: "m", content.Tour: "t", content.Exhibition: "e", content.Page: "p"}

// foldIfNeeded returns content.Fold(s), or "" when folding changes nothing
// but case (search.js lowercases it itself).
func foldIfNeeded(s string) string {
	if f := content.Fold(s); f != strings.ToLower(s) {
		return f
	}
	return ""
}

// snippet returns s, or its first n characters cut after a whole word and
// followed by "…".
func snippet(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n
	for cut > n/2 && !unicode.IsSpace(r[cut]) {
		cut--
	}
	if cut == n/2 { // one long word: cut inside it
		cut = n
	}
	return strings.TrimRightFunc(string(r[:cut]), func(c rune) bool { return unicode.IsSpace(c) || unicode.IsPunct(c) }) + "…"
}

// searchEntries returns the entries in document order: sites first, then
// markers, tours, exhibitions and pages, each kind in ID order.
func (m *Model) searchEntries() []*content.Entry {
	var all []*content.Entry
	for _, k := range content.Kinds {
		entries := append([]*content.Entry(nil), m.Content.OfKind(k)...)
		sortByID(entries)
		all = append(all, entries...)
	}
	return all
}

// searchDoc returns e's document in lang.
func (m *Model) searchDoc(lang string, e *content.Entry) searchDoc {
	d, _ := e.Doc(lang)
	f := d.Front
	doc := searchDoc{
		ID:      f.ID,
		Kind:    kindCodes[e.Kind],
		URL:     strings.TrimPrefix(EntryPath(lang, e), homePath(lang)),
		Title:   f.Title,
		Summary: snippet(f.Summary, searchSnippet),
		Tags:    f.Tags,
	}
	if e.Kind.Located() {
		doc.Address, doc.District, doc.Province = f.Address, f.District, f.Province
	}
	if e.Kind == content.Exhibition {
		if st, err := m.md.Story(d.Body, nil); err == nil {
			doc.Tags = append([]string(nil), f.Tags...)
			for _, sec := range st.Sections {
				doc.Tags = append(doc.Tags, strings.TrimSpace(sec.Date+" "+sec.Title))
			}
		}
	}
	doc.FoldTitle = foldIfNeeded(doc.Title)
	return doc
}

// searchDocs returns every document of lang, in document order.
func (m *Model) searchDocs(lang string) []searchDoc { return m.docsOf(lang, m.searchEntries()) }

// docsOf returns the documents of entries in lang, in their order.
func (m *Model) docsOf(lang string, entries []*content.Entry) []searchDoc {
	docs := make([]searchDoc, len(entries))
	for i, e := range entries {
		docs[i] = m.searchDoc(lang, e)
	}
	return docs
}

// searchWordChar says whether search.js's isWord holds for r: a letter
// with case, or an ASCII digit.
func searchWordChar(r rune) bool {
	return r >= '0' && r <= '9' || unicode.ToLower(r) != unicode.ToUpper(r)
}

// searchTokens cuts lowercase text into words, as search.js's tokens():
// runs of word characters; any other letter (Lao, which has no case) is a
// word of its own with the marks that follow it.
func searchTokens(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		switch {
		case searchWordChar(r):
			if start < 0 {
				start = i
			}
			continue
		case start >= 0:
			out = append(out, s[start:i])
			start = -1
		}
		if unicode.IsLetter(r) {
			j := i + utf8.RuneLen(r)
			for j < len(s) {
				m, n := utf8.DecodeRuneInString(s[j:])
				if !unicode.Is(unicode.Mn, m) {
					break
				}
				j += n
			}
			out = append(out, s[i:j])
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

// searchVarint is the alphabet of the posting strings: each character is
// 5 bits of a number, least significant first, plus 32 when more follow.
const searchVarint = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

func putVarint(b []byte, n int) []byte {
	for n >= 32 {
		b = append(b, searchVarint[32+n&31])
		n >>= 5
	}
	return append(b, searchVarint[n])
}

// searchList is one posting list under construction.
type searchList struct {
	enc  []byte
	last int // the last document written, -1 before the first
}

// add writes doc and its positions (ascending): the distance from the
// last document minus one, the number of positions minus one, then the
// first position and each next one's distance minus one.
func (l *searchList) add(doc int, pos []int) {
	l.enc = putVarint(l.enc, doc-l.last-1)
	l.last = doc
	l.enc = putVarint(l.enc, len(pos)-1)
	prev := -1
	for _, p := range pos {
		l.enc = putVarint(l.enc, p-prev-1)
		prev = p
	}
}

// searchVariant holds a toned variant's title and body postings.
type searchVariant struct {
	folded      string
	title, body searchList
}

// searchIndex is a language's search files, built from its documents.
type searchIndex struct {
	meta   searchMeta
	shards [][]byte // by key, as in meta.Keys
	// words is the folded words, their variants and postings, which plan
	// reads the way search.js reads the shards.
	words map[string]map[string]*searchVariant
	// shardOf is each folded word's shard, shardWords each shard's words.
	shardOf    map[string]int
	shardWords [][]string
}

// searchChunkJSON is a fragment file: its documents, as an array.
func searchChunkJSON(docs []searchDoc) ([]byte, error) { return json.Marshal(docs) }

// buildSearchIndex indexes docs, in document order. The fragment files
// are not kept: they are docs cut in searchChunk (searchChunkJSON).
func buildSearchIndex(docs []searchDoc) *searchIndex {
	ix := &searchIndex{words: map[string]map[string]*searchVariant{}, shardOf: map[string]int{}}
	sum := sha256.New()
	variants := map[string]*searchVariant{} // by toned word
	title, body := map[string][]int{}, map[string][]int{}
	for n := range docs {
		d := &docs[n]
		clear(title)
		clear(body)
		for p, t := range searchTokens(strings.ToLower(d.Title)) {
			title[t] = append(title[t], p)
		}
		p := 0
		for _, f := range d.body() {
			for _, t := range searchTokens(strings.ToLower(f)) {
				body[t] = append(body[t], p)
				p++
			}
			p++ // no phrase across two fields
		}
		for _, field := range []struct {
			m     map[string][]int
			title bool
		}{{title, true}, {body, false}} {
			for t, pos := range field.m {
				v := variants[t]
				if v == nil {
					v = &searchVariant{content.Fold(t), searchList{last: -1}, searchList{last: -1}}
					variants[t] = v
				}
				if field.title {
					v.title.add(n, pos)
				} else {
					v.body.add(n, pos)
				}
			}
		}
		for _, f := range append([]string{d.ID, d.Kind, d.URL, d.Title, d.FoldTitle}, d.body()...) {
			sum.Write([]byte(f))
			sum.Write([]byte{0})
		}
		sum.Write([]byte{1})
	}
	for t, v := range variants {
		vs := ix.words[v.folded]
		if vs == nil {
			vs = map[string]*searchVariant{}
			ix.words[v.folded] = vs
		}
		vs[t] = v
	}
	// Shards: a trie of prefixes, split where over the target.
	size := map[string]int{}
	var all []string
	for f, vs := range ix.words {
		all = append(all, f)
		s := len(f) + 6
		for t, v := range vs {
			s += len(t) + len(v.title.enc) + len(v.body.enc) + 12
		}
		size[f] = s
	}
	sort.Strings(all)
	var shards []map[string]map[string][2]string
	var split func(key string, words []string)
	split = func(key string, words []string) {
		total := 0
		for _, w := range words {
			total += size[w]
		}
		kl := len(key)
		if total > searchShardTarget && len(words) > 1 {
			var here, rest []string
			for _, w := range words {
				if len(w) == kl {
					here = append(here, w)
				} else {
					rest = append(rest, w)
				}
			}
			if len(rest) > 0 {
				if len(here) > 0 {
					split(key, here) // one word: kept whole
				}
				for i := 0; i < len(rest); {
					_, n := utf8.DecodeRuneInString(rest[i][kl:])
					child := rest[i][:kl+n]
					j := i
					for j < len(rest) && strings.HasPrefix(rest[j], child) {
						j++
					}
					split(child, rest[i:j])
					i = j
				}
				return
			}
		}
		sh := map[string]map[string][2]string{}
		for _, w := range words {
			vs := map[string][2]string{}
			for t, v := range ix.words[w] {
				vs[t] = [2]string{string(v.title.enc), string(v.body.enc)}
			}
			sh[w] = vs
			ix.shardOf[w] = len(shards)
		}
		ix.meta.Keys = append(ix.meta.Keys, key)
		shards = append(shards, sh)
	}
	for i := 0; i < len(all); {
		_, n := utf8.DecodeRuneInString(all[i])
		key := all[i][:n]
		j := i
		for j < len(all) && strings.HasPrefix(all[j], key) {
			j++
		}
		split(key, all[i:j])
		i = j
	}
	// Keys come out in the trie's order; meta lists them sorted.
	order := make([]int, len(shards))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return ix.meta.Keys[order[a]] < ix.meta.Keys[order[b]] })
	place := make([]int, len(order))
	keys := make([]string, len(order))
	for to, from := range order {
		place[from] = to
		keys[to] = ix.meta.Keys[from]
		b, _ := json.Marshal(shards[from])
		ix.shards = append(ix.shards, b)
		sum.Write(b)
	}
	ix.shardWords = make([][]string, len(shards))
	for w, s := range ix.shardOf {
		ix.shardOf[w] = place[s]
		ix.shardWords[place[s]] = append(ix.shardWords[place[s]], w)
	}
	for _, ws := range ix.shardWords {
		sort.Strings(ws)
	}
	ix.meta.Keys = keys
	if ix.meta.Keys == nil {
		ix.meta.Keys = []string{}
	}
	ix.meta.Format, ix.meta.Docs, ix.meta.Chunk = searchFormat, len(docs), searchChunk
	ix.meta.Version = hex.EncodeToString(sum.Sum(nil))[:12]
	return ix
}

// SearchURL is the link to the search page in the page's language.
func (p *Page) SearchURL() string { return p.m.urls.Rel(searchPath(p.Lang.Code)) }

// The Go twin of search.js's choice of files and coarse ranking: the tests
// compare the script's requests with it.

// searchQuery is a query as search.js reads it.
type searchQuery struct {
	toned, folded []string // the words, as typed (lowercase NFC) and folded
	apart         bool     // two or more words between spaces
}

func parseSearchQuery(raw string) searchQuery {
	q := strings.Join(strings.Fields(strings.ToLower(norm.NFC.String(raw))), " ")
	var sq searchQuery
	sq.toned = searchTokens(q)
	for _, t := range sq.toned {
		sq.folded = append(sq.folded, content.Fold(t))
	}
	sq.apart = strings.Contains(q, " ")
	return sq
}

// shardFor returns the shard a folded word is looked up in, as search.js's
// shardFor: the key that is its longest prefix, or -1.
func (ix *searchIndex) shardFor(w string) int {
	for n := len(w); n > 0; n-- {
		if n < len(w) && !utf8.RuneStart(w[n]) {
			continue
		}
		if i := sort.SearchStrings(ix.meta.Keys, w[:n]); i < len(ix.meta.Keys) && ix.meta.Keys[i] == w[:n] {
			return i
		}
	}
	return -1
}

// searchHit is a document's postings for one query word: positions in
// the title and in the rest, of the variants that match as typed and of
// those that match folded.
type searchHit struct {
	tt, tf, bt, bf []int
	inTitle        bool
}

func hasPos(l []int, p int) bool {
	for _, x := range l {
		if x == p {
			return true
		}
	}
	return false
}

func readVarints(s string, f func(n int)) {
	n, shift := 0, 0
	for i := 0; i < len(s); i++ {
		v := strings.IndexByte(searchVarint, s[i])
		n |= (v & 31) << shift
		if v >= 32 {
			shift += 5
			continue
		}
		f(n)
		n, shift = 0, 0
	}
}

// readPostings calls f for every document of a posting list with its
// positions.
func readPostings(s string, f func(doc int, pos []int)) {
	var nums []int
	readVarints(s, func(n int) { nums = append(nums, n) })
	doc := -1
	for i := 0; i < len(nums); {
		doc += nums[i] + 1
		count := nums[i+1] + 1
		pos := make([]int, count)
		p := -1
		for j := range count {
			p += nums[i+2+j] + 1
			pos[j] = p
		}
		f(doc, pos)
		i += 2 + count
	}
}

// searchPlanned is what search.js does for one query.
type searchPlanned struct {
	Shards []int // the shards it loads, by number
	Count  int   // the documents it finds
	Top    []int // the first searchPage documents in coarse order
	Scores []int // their coarse scores
	Chunks []int // the fragment files of Top
}

// plan returns the files search.js fetches for raw and the documents it
// ranks first, the way search.js's run() chooses them.
func (ix *searchIndex) plan(raw string) searchPlanned {
	var pl searchPlanned
	q := parseSearchQuery(raw)
	k := len(q.folded)
	if k == 0 {
		return pl
	}
	// Each word's matching variants, and their postings' length.
	type variant struct {
		v               *searchVariant
		tonedOK, foldOK bool
	}
	vars := make([][]variant, k)
	size := make([]int, k)
	seen := map[int]bool{}
	for i, w := range q.folded {
		s := ix.shardFor(w)
		if s < 0 {
			continue
		}
		if !seen[s] {
			seen[s] = true
			pl.Shards = append(pl.Shards, s)
		}
		last := i == k-1
		for _, f := range ix.shardWords[s] {
			if !strings.HasPrefix(f, w) {
				continue
			}
			for t, v := range ix.words[f] {
				vars[i] = append(vars[i], variant{v, t == q.toned[i] || last && strings.HasPrefix(t, q.toned[i]), last || f == w})
				size[i] += len(v.title.enc) + len(v.body.enc)
			}
		}
	}
	// The words with the shortest postings first; each next word keeps
	// only the documents all words before it have (search.js's coarse()).
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return size[order[a]] < size[order[b]] })
	hits := make([]map[int]*searchHit, k)
	var cand map[int]*searchHit
	for _, i := range order {
		h := map[int]*searchHit{}
		for _, va := range vars[i] {
			for _, fl := range []struct {
				enc   []byte
				title bool
			}{{va.v.title.enc, true}, {va.v.body.enc, false}} {
				readPostings(string(fl.enc), func(doc int, pos []int) {
					if cand != nil && cand[doc] == nil {
						return
					}
					x := h[doc]
					if x == nil {
						x = &searchHit{}
						h[doc] = x
					}
					if fl.title {
						x.inTitle = true
						if va.tonedOK {
							x.tt = append(x.tt, pos...)
						}
						if va.foldOK {
							x.tf = append(x.tf, pos...)
						}
					} else {
						if va.tonedOK {
							x.bt = append(x.bt, pos...)
						}
						if va.foldOK {
							x.bf = append(x.bf, pos...)
						}
					}
				})
			}
		}
		hits[i], cand = h, h
	}
	sort.Ints(pl.Shards)
	type scored struct{ doc, score int }
	var found []scored
	for doc := range cand {
		hs := make([]*searchHit, k)
		ok := true
		for i := range hits {
			if hs[i] = hits[i][doc]; hs[i] == nil {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		if s := coarseScore(hs, q.apart); s > 0 {
			found = append(found, scored{doc, s})
		}
	}
	sort.Slice(found, func(a, b int) bool {
		if found[a].score != found[b].score {
			return found[a].score > found[b].score
		}
		return found[a].doc < found[b].doc
	})
	pl.Count = len(found)
	chunks := map[int]bool{}
	for i := 0; i < len(found) && i < searchPage; i++ {
		pl.Top = append(pl.Top, found[i].doc)
		pl.Scores = append(pl.Scores, found[i].score)
		if c := found[i].doc / searchChunk; !chunks[c] {
			chunks[c] = true
			pl.Chunks = append(pl.Chunks, c)
		}
	}
	sort.Ints(pl.Chunks)
	return pl
}

// coarseScore is search.js's coarse(): score()'s classes from postings.
func coarseScore(hs []*searchHit, apart bool) int {
	phrase := func(get func(*searchHit) []int) (start bool, any bool) {
		for _, p := range get(hs[0]) {
			ok := true
			for i := 1; i < len(hs) && ok; i++ {
				ok = hasPos(get(hs[i]), p+i)
			}
			if ok {
				any = true
				if p == 0 {
					return true, true
				}
			}
		}
		return false, any
	}
	if start, ok := phrase(func(h *searchHit) []int { return h.tt }); ok {
		if start {
			return 110
		}
		return 100
	}
	if _, ok := phrase(func(h *searchHit) []int { return h.bt }); ok {
		return 60
	}
	if start, ok := phrase(func(h *searchHit) []int { return h.tf }); ok {
		if start {
			return 50
		}
		return 40
	}
	if _, ok := phrase(func(h *searchHit) []int { return h.bf }); ok {
		return 20
	}
	if !apart {
		return 0
	}
	s := 5
	for _, h := range hs {
		if h.inTitle {
			s++
		}
	}
	return s
}
