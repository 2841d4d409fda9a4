package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/history"
	"github.com/diachido/diachido/generator/yamlx"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// Dir is the folder under the site source that holds the entries.
const Dir = "content"

// MaxFileSize bounds a Markdown file: a guide page is a few kilobytes, and a
// pasted 50 MB file must be refused, not loaded into memory several times.
const MaxFileSize = 2 << 20

// MaxBodyDepth bounds how deeply lists and quotes nest in a body (see
// BodyDepth). Real text nests two or three levels; Markdown parsing time
// grows with the square of the depth or worse, so a body nested thousands
// of levels deep (100,000 ">" on one line is 100 kB) would take minutes.
const MaxBodyDepth = 50

// SlugRe is the form of an entry folder's name, fixed by the contract.
var SlugRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Options say how to load.
type Options struct {
	// Languages are the site's language codes, default first.
	Languages []string
	// Drafts includes entries marked draft: true.
	Drafts bool
	// Now is today, for the "facts not checked for three years" warning;
	// the zero value means the clock. Warnings never change the output.
	Now time.Time
	// Cache, when set, keeps parsed files between loads (serve), so that
	// only files changed since the last load are parsed again.
	Cache *ParseCache
	// Stale asks for a warning about each translation older than the text
	// it translates (check): by History, the source's Git history, or by
	// the updated dates when History is nil.
	Stale   bool
	History *history.History
	// Body, when set, is given each body on the worker that parsed its
	// file, as soon as the file is parsed; unless it returns true (keep),
	// the body is then let go (Doc.Body is nil) and ReadBody reads it
	// again for the page that shows it. A batch build scans the body
	// there, so that the bodies of a national site (a gigabyte of text
	// at 100,000 entries in three languages) are never all in memory at
	// once. kind is the entry's kind.
	Body func(d *Doc, kind Kind) (keep bool)
}

func lookup(n *yaml.Node, path ...string) *yaml.Node { return yamlx.Lookup(n, path...) }
func lineOf(n *yaml.Node, off int, path ...string) int {
	return yamlx.Line(n, off, path...)
}

// Load walks content/ in fsys, parses every entry and validates it.
// Entries with errors are still returned where possible so that every
// problem is found in one run; callers check diags before using the result.
func Load(fsys fs.FS, opts Options, diags *diag.List) *Collection {
	files := walk(fsys, opts, diags)

	// Parse files in parallel; results land at fixed indices so that the
	// outcome does not depend on scheduling. More workers than cores, so
	// that one waiting for the disk leaves its core to another.
	docs := make([]*Doc, len(files))
	broken := make([]string, len(files))
	lists := make([]diag.List, len(files))
	each(len(files), 4*runtime.GOMAXPROCS(0), func(i int) {
		docs[i], broken[i] = opts.Cache.parse(fsys, files[i].path, files[i].lang, &lists[i])
		if d := docs[i]; d != nil && d.Body != nil && opts.Body != nil {
			d.bodyLen = len(d.Body)
			if !opts.Body(d, files[i].kind) {
				d.Body, d.dropped = nil, true
			}
		}
	})
	for i := range lists {
		diags.Merge(&lists[i])
	}

	site := &Collection{ByID: map[string]*Entry{}, Drafts: map[string]string{}, Broken: map[string]string{}}
	for i, id := range broken {
		if id != "" {
			site.Broken[id] = files[i].path
		}
	}
	byDir := map[string]*Entry{}
	def := opts.Languages[0]
	for i, f := range files {
		d := docs[i]
		e := byDir[f.entryDir]
		if e == nil {
			e = &Entry{Kind: f.kind, Slug: path.Base(f.entryDir), Dir: f.entryDir, Docs: map[string]*Doc{}, Files: f.entryFiles}
			byDir[f.entryDir] = e
		}
		if d == nil {
			continue
		}
		if prev, dup := e.Docs[d.Lang]; dup {
			diags.Errorf(pos(d.File, 1), "two files for language %q in one entry: %s and %s; keep one (index.md is the default language)", d.Lang, prev.File, d.File)
			continue
		}
		e.Docs[d.Lang] = d
		if d.Lang == def {
			e.Default = d
		}
	}

	dirs := make([]string, 0, len(byDir))
	for dir := range byDir {
		dirs = append(dirs, dir)
	}
	sort.Strings(dirs)
	// Translations inherit the default language's fields: each entry on
	// its own, so on every core.
	var multi []*Entry
	for _, e := range byDir {
		if e.Default != nil && len(e.Docs) > 1 {
			multi = append(multi, e)
		}
	}
	each(len(multi), runtime.GOMAXPROCS(0), func(i int) { inherit(multi[i], opts.Languages) })
	for _, dir := range dirs {
		e := byDir[dir]
		if e.Default == nil {
			if len(e.Docs) > 0 {
				for _, l := range opts.Languages {
					if d, ok := e.Docs[l]; ok {
						diags.Errorf(pos(d.File, 1), "translation without a default-language file: add %s/index.%s.md (or index.md) with the %s text", e.Dir, def, def)
						break
					}
				}
			}
			continue
		}
		if e.Default.Front.Draft && !opts.Drafts {
			if e.ID() != "" {
				site.Drafts[e.ID()] = e.Default.File
			}
			continue
		}
		site.Entries = append(site.Entries, e)
	}
	sort.SliceStable(site.Entries, func(i, j int) bool {
		a, b := site.Entries[i], site.Entries[j]
		if a.Kind != b.Kind {
			return kindIndex(a.Kind) < kindIndex(b.Kind)
		}
		return a.Slug < b.Slug
	})
	validate(site, opts, diags)
	advise(fsys, site, opts, diags)
	if opts.Stale {
		WarnStale(StaleTranslations(site, opts.History), diags)
	}
	return site
}

func kindIndex(k Kind) int {
	for i, x := range Kinds {
		if x == k {
			return i
		}
	}
	return len(Kinds)
}

type file struct {
	path, lang, entryDir string
	kind                 Kind
	entryFiles           []string
}

// walk finds the entry files and reports misplaced ones. It never follows
// symbolic links: content must not reach outside the site source.
func walk(fsys fs.FS, opts Options, diags *diag.List) []file {
	var out []file
	var dirs []entryDir
	// os.DirFS follows a link named content to wherever it points; the
	// walk below sees only the links inside.
	if info, err := fs.Lstat(fsys, Dir); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		diags.Errorf(pos(Dir, 0), "symbolic links are not allowed: content/ must be a real folder inside the site source")
		return nil
	}
	top, err := fs.ReadDir(fsys, Dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			diags.Errorf(pos(Dir, 0), "missing content folder: entries go in content/sites/<slug>/index.%s.md", opts.Languages[0])
		} else {
			diags.Errorf(pos(Dir, 0), "cannot read: %v", err)
		}
		return nil
	}
	for _, kd := range top {
		kpath := Dir + "/" + kd.Name()
		if kd.Type()&fs.ModeSymlink != 0 {
			diags.Errorf(pos(kpath, 0), "symbolic links are not allowed in content/: copy the folder into the site source instead")
			continue
		}
		if !kd.IsDir() {
			if kd.Name() != ".gitkeep" && !strings.HasPrefix(kd.Name(), ".") {
				diags.Errorf(pos(kpath, 0), "unexpected file: content/ holds only the folders sites, markers, tours, exhibitions and pages")
			}
			continue
		}
		kind := Kind(kd.Name())
		if kindIndex(kind) == len(Kinds) {
			diags.Errorf(pos(kpath, 0), "unknown folder %q: content/ holds only the folders sites, markers, tours, exhibitions and pages", kd.Name())
			continue
		}
		entries, err := fs.ReadDir(fsys, kpath)
		if err != nil {
			diags.Errorf(pos(kpath, 0), "cannot read: %v", err)
			continue
		}
		for _, ed := range entries {
			epath := kpath + "/" + ed.Name()
			if strings.HasPrefix(ed.Name(), ".") {
				continue
			}
			if !ed.IsDir() {
				if ed.Type()&fs.ModeSymlink != 0 {
					diags.Errorf(pos(epath, 0), "symbolic links are not allowed in content/")
				} else if strings.HasSuffix(ed.Name(), ".md") {
					slug := strings.TrimSuffix(ed.Name(), ".md")
					diags.Errorf(pos(epath, 0), "each entry is a folder: move this file to %s/%s/index.%s.md", kpath, slug, opts.Languages[0])
				} else {
					diags.Errorf(pos(epath, 0), "unexpected file: files belong inside an entry's folder")
				}
				continue
			}
			if !SlugRe.MatchString(ed.Name()) {
				diags.Errorf(pos(epath, 0), "folder name %q must be lowercase letters a-z, digits and hyphens, e.g. %s", ed.Name(), Slugify(ed.Name()))
				continue
			}
			dirs = append(dirs, entryDir{epath, kind})
		}
	}
	// Each entry folder is read on its own, on every core (a national site
	// has tens of thousands); results and messages keep the folders' order.
	found := make([][]file, len(dirs))
	lists := make([]diag.List, len(dirs))
	each(len(dirs), 4*runtime.GOMAXPROCS(0), func(i int) {
		found[i] = entryFiles(fsys, dirs[i].path, dirs[i].kind, opts, &lists[i])
	})
	for i := range dirs {
		diags.Merge(&lists[i])
		out = append(out, found[i]...)
	}
	return out
}

// each calls f(0)…f(n-1) on at most workers goroutines and returns when
// all are done; f writes only its own index's results.
func each(n, workers int, f func(i int)) {
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers)
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			f(i)
		}()
	}
	wg.Wait()
}

type entryDir struct {
	path string
	kind Kind
}

var indexRe = regexp.MustCompile(`^index(?:\.([^.]+))?\.md$`)

func entryFiles(fsys fs.FS, dir string, kind Kind, opts Options, diags *diag.List) []file {
	var docs []file
	var others []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			diags.Errorf(pos(p, 0), "cannot read: %v", err)
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			diags.Errorf(pos(p, 0), "symbolic links are not allowed in content/: copy the file into the folder instead")
			return nil
		}
		name := d.Name()
		if strings.HasPrefix(name, ".") && p != dir {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel := strings.TrimPrefix(p, dir+"/")
		if m := indexRe.FindStringSubmatch(name); m != nil && rel == name {
			lang := m[1]
			if lang == "" {
				lang = opts.Languages[0]
			} else if !contains(opts.Languages, lang) {
				diags.Errorf(pos(p, 0), "unknown language %q in the file name: site.yaml lists %s", lang, strings.Join(opts.Languages, ", "))
				return nil
			}
			docs = append(docs, file{path: p, lang: lang, entryDir: dir, kind: kind})
			return nil
		}
		if strings.HasSuffix(name, ".md") && rel == name {
			diags.Errorf(pos(p, 0), "unexpected Markdown file: an entry's text goes in index.%s.md (or index.<lang>.md for a translation)", opts.Languages[0])
			return nil
		}
		others = append(others, rel)
		return nil
	})
	if err != nil {
		diags.Errorf(pos(dir, 0), "cannot read: %v", err)
	}
	if len(docs) == 0 {
		diags.Errorf(pos(dir, 0), "no index.%s.md in this folder: every entry needs one", opts.Languages[0])
		return nil
	}
	sort.Strings(others)
	for i := range docs {
		docs[i].entryFiles = others
	}
	return docs
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func pos(file string, line int) diag.Position { return diag.Position{File: file, Line: line} }

// parseFile reads one entry file: checks encoding, splits the front matter
// and decodes it. It returns nil when the file cannot be used.
func parseFile(fsys fs.FS, p, lang string, diags *diag.List) (doc *Doc, brokenID string) {
	raw, size, err := readEntryFile(fsys, p)
	if err != nil {
		diags.Errorf(pos(p, 0), "cannot read: %v", err)
		return nil, ""
	}
	if raw == nil {
		diags.Errorf(pos(p, 1), "file is %.3g MB; an entry's text must be under %d MB (move long documents to a PDF in the folder)", float64(size)/(1<<20), MaxFileSize>>20)
		return nil, ""
	}
	src, line, msg := Normalize(raw)
	if msg != "" {
		diags.Errorf(pos(p, line), "%s", msg)
		return nil, guessID(raw)
	}
	front, body, bodyLine, ok := SplitFrontMatter(src)
	if !ok {
		diags.Errorf(pos(p, 1), "missing front matter: the file must start with a line --- then the fields (id, title, summary...), then another line ---")
		return nil, guessID(src)
	}
	if bodyLine < 0 {
		diags.Errorf(pos(p, 1), "front matter is not closed: add a line --- after the last field")
		return nil, guessID(src)
	}
	d := &Doc{Lang: lang, File: p, Body: body, BodyLine: bodyLine, lineOffset: 1}
	if depth, at := BodyDepth(body); depth > MaxBodyDepth {
		diags.Errorf(pos(p, bodyLine+at-1), "lists or quotes are nested %d levels deep here; keep them under %d levels (a paste may have put many > or - at the start of lines)", depth, MaxBodyDepth)
		// The file is refused; later checks parse the body, and Markdown
		// parsing takes time that grows faster than the depth.
		d.Body = nil
	}
	node, problems := yamlx.Decode(front, &d.Front, 1)
	for _, pr := range problems {
		diags.Errorf(pos(p, pr.Line), "%s", pr.Message)
	}
	if node == nil {
		return nil, guessID(front)
	}
	if root := lookup(node); root != nil && root.Kind != yaml.MappingNode {
		diags.Errorf(pos(p, 2), "front matter must be fields, one per line, like title: Đình Phú Mỹ")
		return nil, guessID(front)
	}
	d.node = node
	d.keys = map[string]bool{}
	if root := lookup(node); root != nil {
		for i := 0; i+1 < len(root.Content); i += 2 {
			d.keys[root.Content[i].Value] = true
		}
	}
	return d, ""
}

// readEntryFile reads an entry file whole through one open file, or
// returns nil and its size when it is over MaxFileSize, without reading
// it: a pasted video must not be read into memory. Opening once instead
// of a Stat and a ReadFile saves a lookup of the path per file, a tenth
// of the load's system time at 300,000 files. The file is read through
// to its end, so a recording FS (package inputs) still hashes it.
func readEntryFile(fsys fs.FS, p string) ([]byte, int64, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, 0, err
	}
	if info.IsDir() {
		return nil, 0, fmt.Errorf("%s is a folder", p)
	}
	if info.Size() > MaxFileSize {
		return nil, info.Size(), nil
	}
	// Room for the whole file and then some, to meet its end (io.EOF) in
	// one read when it has not grown since the Stat.
	buf := bytes.NewBuffer(make([]byte, 0, info.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxFileSize+1)); err != nil {
		return nil, 0, err
	}
	if buf.Len() > MaxFileSize {
		return nil, int64(buf.Len()), nil
	}
	return buf.Bytes(), int64(buf.Len()), nil
}

var idLineRe = regexp.MustCompile(`(?m)^id:\s*["']?([A-Z0-9-]+)`)

// guessID finds the id line of a file whose front matter cannot be read, so
// that links to it are not reported as unknown: the one real mistake is
// reported, not a cascade of follow-ups.
func guessID(src []byte) string {
	if m := idLineRe.FindSubmatch(src); m != nil {
		return string(m[1])
	}
	return ""
}

// ReadBody returns d's body: Body, or, when Options.Body let it go, the
// body read again from d's file in fsys, the same way Load read it. A file
// whose body is not the length it had when loaded changed during the
// build, which is an error: the page would not show what was checked.
func ReadBody(fsys fs.FS, d *Doc) ([]byte, error) {
	if !d.dropped {
		return d.Body, nil
	}
	raw, err := fs.ReadFile(fsys, d.File)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read: %w", d.File, err)
	}
	src, _, msg := Normalize(raw)
	if msg != "" {
		return nil, fmt.Errorf("%s: changed during the build: %s", d.File, msg)
	}
	_, body, _, ok := SplitFrontMatter(src)
	if !ok || len(body) != d.bodyLen {
		return nil, fmt.Errorf("%s: changed during the build; build again", d.File)
	}
	return body, nil
}

// Normalize turns raw file bytes into the form everything else expects:
// valid UTF-8 without BOM, LF line ends, Unicode NFC (text pasted from Word
// or macOS often arrives decomposed). On failure it returns the line of the
// problem and a message.
func Normalize(raw []byte) (out []byte, line int, msg string) {
	// Notepad and Word save "Unicode" as UTF-16: say so, not "NUL byte".
	if bytes.HasPrefix(raw, []byte{0xFF, 0xFE}) || bytes.HasPrefix(raw, []byte{0xFE, 0xFF}) {
		return nil, 1, "text is UTF-16, not UTF-8: save the file as UTF-8 (in Word: Save As, Plain Text, Unicode UTF-8)"
	}
	if bytes.IndexByte(raw, 0) >= 0 {
		return nil, 1 + bytes.Count(raw[:bytes.IndexByte(raw, 0)], []byte("\n")), "this is not a text file (it contains a NUL byte): save it as UTF-8 text"
	}
	if !utf8.Valid(raw) {
		bad := 0
		for i := 0; i < len(raw); {
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n <= 1 {
				bad = i
				break
			}
			i += n
		}
		return nil, 1 + bytes.Count(raw[:bad], []byte("\n")), "text is not UTF-8: save the file as UTF-8 (in Word: Save As, Plain Text, Unicode UTF-8)"
	}
	raw = bytes.TrimPrefix(raw, []byte("\ufeff"))
	if bytes.IndexByte(raw, '\r') >= 0 {
		raw = bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n"))
		raw = bytes.ReplaceAll(raw, []byte("\r"), []byte("\n"))
	}
	if isNFC(raw) {
		return raw, 0, "" // most files: no copy
	}
	return norm.NFC.Bytes(raw), 0, ""
}

// SplitFrontMatter splits src (normalised) into the YAML between a first
// line "---" and the next line "---", and the body. ok is false when the
// file does not start with "---"; bodyLine is -1 when the front matter is
// not closed, else the file line where the body starts.
func SplitFrontMatter(src []byte) (front, body []byte, bodyLine int, ok bool) {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(first, " \t")) != "---" {
		return nil, nil, 0, false
	}
	line := 2
	start := 0
	for start <= len(rest) {
		end := bytes.IndexByte(rest[start:], '\n')
		var l []byte
		if end < 0 {
			l = rest[start:]
		} else {
			l = rest[start : start+end]
		}
		if string(bytes.TrimRight(l, " \t")) == "---" {
			front = rest[:start]
			if end < 0 {
				return front, nil, line + 1, true
			}
			return front, rest[start+end+1:], line + 1, true
		}
		if end < 0 {
			break
		}
		start += end + 1
		line++
	}
	return nil, nil, -1, true
}

// inherit gives each translation the default-language fields it does not
// set itself. The default front matter is decoded afresh for each
// translation so that no map or pointer is shared between languages.
func inherit(e *Entry, langs []string) {
	for _, l := range langs[1:] {
		d, ok := e.Docs[l]
		if !ok {
			continue
		}
		merged := cloneFront(e.Default)
		overlay(&merged, d)
		d.Front = merged
	}
}

func cloneFront(d *Doc) Front {
	var f Front
	if d.node != nil && len(d.node.Content) > 0 {
		_ = d.node.Content[0].Decode(&f)
	}
	return f
}

func overlay(f *Front, d *Doc) {
	if d.node == nil || len(d.node.Content) == 0 {
		return
	}
	root := d.node.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		// Decode key by key so only the fields the translation sets change.
		m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: []*yaml.Node{root.Content[i], root.Content[i+1]}}
		_ = m.Decode(f)
	}
}

// String helps debugging and test failure messages.
func (d *Doc) String() string { return fmt.Sprintf("%s (%s)", d.File, d.Lang) }

// BodyDepth estimates how deeply the Markdown body nests its containers:
// on each line, the list markers and ">" it opens one after another, plus a
// level for every four columns of indentation before them (nested list
// items are indented). It returns the deepest line's depth and its 1-based
// line in the body. It reads each byte once.
func BodyDepth(body []byte) (depth, line int) {
	n := 1
	for len(body) > 0 {
		l := body
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			l, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		if d := lineDepth(l); d > depth {
			depth, line = d, n
		}
		n++
	}
	return depth, line
}

func lineDepth(l []byte) int {
	j, col := 0, 0
	for j < len(l) && (l[j] == ' ' || l[j] == '\t') {
		if l[j] == '\t' {
			col += 4 - col%4
		} else {
			col++
		}
		j++
	}
	if j == len(l) {
		return 0 // a blank line opens nothing
	}
	d := col / 4
	blank := func(k int) bool { return k >= len(l) || l[k] == ' ' || l[k] == '\t' }
	for j < len(l) {
		switch c := l[j]; {
		case c == ' ' || c == '\t':
			j++
			continue
		case c == '>':
			d++
			j++
			continue
		case (c == '-' || c == '*' || c == '+') && blank(j+1):
			d++
			j++
			continue
		case c >= '0' && c <= '9':
			k := j
			for k < len(l) && k-j < 9 && l[k] >= '0' && l[k] <= '9' {
				k++
			}
			if k < len(l) && (l[k] == '.' || l[k] == ')') && blank(k+1) {
				d++
				j = k + 1
				continue
			}
		}
		break
	}
	return d
}
