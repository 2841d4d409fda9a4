// Package inputs records what a build reads, so that one list answers
// "what does this output depend on?" for everyone who asks: the build's
// up-to-date check (a fingerprint of the inputs) and serve's watcher (the
// files and folders it stats on every tick).
//
// Two hand-kept lists of "the folders a build reads" drifted apart before
// (a logo outside them was never rebuilt). Here there is no list to keep:
// the site is loaded through an FS that notes every file opened, read or
// stat'ed, every folder listed and every name looked up that did not
// exist. Whatever the loader reads, for whatever reason, is an input.
//
// An input is one of four kinds:
//
//   - File: its bytes matter (site.yaml, an entry, a photo, a layout).
//   - Dir: its listing matters, so that a file added to content/ or to an
//     entry's folder is seen although nothing read it yet.
//   - Present: only that it exists (a theme folder stat'ed before use).
//   - Absent: that it does not exist (a layout the site's theme does not
//     override, i18n/ when the site has none): creating it changes the
//     output, so it is watched too.
//
// Hidden names (".git", an editor's ".swp") are left out of listings, as
// content loading leaves them out.
package inputs

import (
	"bufio"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"
)

// Kind says what about an input the output depends on.
type Kind byte

const (
	Absent  Kind = 'A' // that it does not exist
	Present Kind = 'P' // that it exists (file or folder)
	Dir     Kind = 'D' // the names in the folder
	File    Kind = 'F' // the file's bytes
)

// An Input is one name the build looked at, and what about it mattered.
type Input struct {
	Path string // slash path relative to the recorded FS's root ("." is the root)
	Kind Kind
}

// FS is an fs.FS that records what is read through it. It is safe for
// concurrent use; the loader reads on every core.
type FS struct {
	fsys fs.FS

	mu   sync.Mutex
	seen map[string]*record
}

type record struct {
	kind Kind
	sum  *[sha256.Size]byte // a File's bytes read whole, or a Dir's listing
}

// Record wraps fsys.
func Record(fsys fs.FS) *FS { return &FS{fsys: fsys, seen: map[string]*record{}} }

// Unwrap returns the FS being recorded.
func (r *FS) Unwrap() fs.FS { return r.fsys }

// note records name as kind, keeping the strongest kind seen: a file both
// stat'ed and read is a File, a folder both stat'ed and listed a Dir.
func (r *FS) note(name string, kind Kind, sum *[sha256.Size]byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	rec := r.seen[name]
	if rec == nil {
		r.seen[name] = &record{kind: kind, sum: sum}
		return
	}
	if rank(kind) > rank(rec.kind) {
		rec.kind = kind
	}
	if sum != nil {
		rec.sum = sum
	}
}

func rank(k Kind) int { return strings.IndexByte("APDF", byte(k)) }

// noteErr records a lookup that failed because the name does not exist.
func (r *FS) noteErr(name string, err error) {
	if errors.Is(err, fs.ErrNotExist) {
		r.note(name, Absent, nil)
	}
}

// Open opens name. A file read through to its end without seeking is
// hashed on the way, so that fingerprinting need not read it again.
func (r *FS) Open(name string) (fs.File, error) {
	f, err := r.fsys.Open(name)
	if err != nil {
		r.noteErr(name, err)
		return nil, err
	}
	info, err := f.Stat()
	if err == nil && info.IsDir() {
		r.note(name, Present, nil)
		return &dirFile{File: f, r: r, name: name}, nil
	}
	r.note(name, File, nil)
	return &file{File: f, r: r, name: name, h: sha256.New()}, nil
}

// ReadFile reads name whole and records its digest.
func (r *FS) ReadFile(name string) ([]byte, error) {
	b, err := fs.ReadFile(r.fsys, name)
	if err != nil {
		r.noteErr(name, err)
		return nil, err
	}
	sum := sha256.Sum256(b)
	r.note(name, File, &sum)
	return b, nil
}

// ReadDir lists name and records the listing as an input, with its
// digest: fingerprinting need not list the folder again.
func (r *FS) ReadDir(name string) ([]fs.DirEntry, error) {
	list, err := fs.ReadDir(r.fsys, name)
	if err != nil {
		r.noteErr(name, err)
		return nil, err
	}
	sum := listingSum(list)
	r.note(name, Dir, &sum)
	return list, nil
}

// listingSum is what a Dir input's digest is made of: the names a listing
// holds (hidden ones left out) and which of them are folders.
func listingSum(list []fs.DirEntry) [sha256.Size]byte {
	h := sha256.New()
	for _, d := range list {
		if strings.HasPrefix(d.Name(), ".") {
			continue
		}
		t := "f"
		if d.IsDir() {
			t = "d"
		}
		io.WriteString(h, t+d.Name()+"\x00")
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

// Stat records that name's existence matters; for a file, its bytes do
// too (a size check decides what the build says about it).
func (r *FS) Stat(name string) (fs.FileInfo, error) {
	info, err := fs.Stat(r.fsys, name)
	r.noteInfo(name, info, err)
	return info, err
}

// Lstat is Stat without following a final symbolic link.
func (r *FS) Lstat(name string) (fs.FileInfo, error) {
	info, err := fs.Lstat(r.fsys, name)
	r.noteInfo(name, info, err)
	return info, err
}

// ReadLink reads a symbolic link; the link's existence is what matters.
func (r *FS) ReadLink(name string) (string, error) {
	t, err := fs.ReadLink(r.fsys, name)
	if err != nil {
		r.noteErr(name, err)
	} else {
		r.note(name, Present, nil)
	}
	return t, err
}

func (r *FS) noteInfo(name string, info fs.FileInfo, err error) {
	switch {
	case err != nil:
		r.noteErr(name, err)
	case info.IsDir() || info.Mode()&fs.ModeSymlink != 0:
		r.note(name, Present, nil)
	default:
		r.note(name, File, nil)
	}
}

// file hashes what is read from it in order; a seek or a read at an
// offset makes the hash useless, and the file is hashed again later.
type file struct {
	fs.File
	r     *FS
	name  string
	h     hash.Hash
	moved bool
}

func (f *file) Read(p []byte) (int, error) {
	n, err := f.File.Read(p)
	if !f.moved && f.h != nil {
		f.h.Write(p[:n])
		if err == io.EOF {
			var sum [sha256.Size]byte
			f.h.Sum(sum[:0])
			f.r.note(f.name, File, &sum)
			f.h = nil
		}
	}
	return n, err
}

// Seek and ReadAt pass through when the underlying file has them: image
// and audio decoders look for them.
func (f *file) Seek(off int64, whence int) (int64, error) {
	s, ok := f.File.(io.Seeker)
	if !ok {
		return 0, fmt.Errorf("%s: seek not supported", f.name)
	}
	if !(off == 0 && whence == io.SeekCurrent) {
		f.moved = true
	}
	return s.Seek(off, whence)
}

func (f *file) ReadAt(p []byte, off int64) (int, error) {
	a, ok := f.File.(io.ReaderAt)
	if !ok {
		return 0, fmt.Errorf("%s: read at an offset not supported", f.name)
	}
	return a.ReadAt(p, off)
}

// dirFile records a listing made through an opened folder.
type dirFile struct {
	fs.File
	r    *FS
	name string
}

func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	rd, ok := d.File.(fs.ReadDirFile)
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: d.name, Err: errors.New("not implemented")}
	}
	d.r.note(d.name, Dir, nil)
	return rd.ReadDir(n)
}

// List returns everything recorded so far, sorted by path.
func (r *FS) List() []Input {
	r.mu.Lock()
	out := make([]Input, 0, len(r.seen))
	for p, rec := range r.seen {
		out = append(out, Input{Path: p, Kind: rec.kind})
	}
	r.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// known returns the digests taken while recording: of files read whole
// and of folders listed, by path and kind.
func (r *FS) known() map[Input][sha256.Size]byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[Input][sha256.Size]byte{}
	for p, rec := range r.seen {
		if (rec.kind == File || rec.kind == Dir) && rec.sum != nil {
			out[Input{p, rec.kind}] = *rec.sum
		}
	}
	return out
}

// Digest hashes the inputs as they are now in fsys: each File's bytes,
// each Dir's names, whether each Present name exists and each Absent one
// does not. extra is mixed in first (build options, the binary). Files
// read whole while recording (r non-nil) are not read again, and override
// gives the digest a file will have once the build writes it (ids.lock).
// Two equal digests mean the same inputs, so the same output.
func Digest(fsys fs.FS, list []Input, r *FS, override map[string][sha256.Size]byte, extra []byte) (string, error) {
	var known map[Input][sha256.Size]byte
	if r != nil {
		known = r.known()
	}
	parts := make([][]byte, len(list))
	var g errgroup.Group
	// More workers than cores: most of this is waiting for the disk.
	g.SetLimit(4 * runtime.GOMAXPROCS(0))
	for i, in := range list {
		if sum, ok := override[in.Path]; ok && in.Kind == File {
			parts[i] = sum[:]
			continue
		}
		if sum, ok := known[in]; ok {
			parts[i] = sum[:]
			continue
		}
		g.Go(func() error {
			b, err := state(fsys, in)
			parts[i] = b
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write(extra)
	for i, in := range list {
		fmt.Fprintf(h, "\x00%c%s\x00%d\x00", in.Kind, in.Path, len(parts[i]))
		h.Write(parts[i])
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// bufs holds the buffers files are hashed through: at 20,000 files, a new
// 32 kB buffer each was 640 MB of garbage.
var bufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// state is what Digest hashes of one input as it is now. A file that has
// gone, or a folder that cannot be listed, is not an error: it is a
// different state, which makes a different digest.
func state(fsys fs.FS, in Input) ([]byte, error) {
	switch in.Kind {
	case File:
		f, err := fsys.Open(in.Path)
		if err != nil {
			return []byte("missing"), nil
		}
		defer f.Close()
		// Streamed, never read whole: a pasted 50 MB file must cost no
		// 50 MB of memory.
		h := sha256.New()
		buf := bufs.Get().(*[]byte)
		defer bufs.Put(buf)
		if _, err := io.CopyBuffer(h, struct{ io.Reader }{f}, *buf); err != nil {
			return []byte("unreadable"), nil
		}
		return h.Sum(nil), nil
	case Dir:
		list, err := fs.ReadDir(fsys, in.Path)
		if err != nil {
			return []byte("missing"), nil
		}
		sum := listingSum(list)
		return sum[:], nil
	default:
		if _, err := fs.Lstat(fsys, in.Path); err != nil {
			return []byte("absent"), nil
		}
		return []byte("present"), nil
	}
}

// Write saves a list, gzipped, one "K path" line per input, for the next
// build to fingerprint the same inputs before it loads anything.
func Write(w io.Writer, list []Input) error {
	z := gzip.NewWriter(w)
	bw := bufio.NewWriter(z)
	for _, in := range list {
		if strings.ContainsAny(in.Path, "\n\r") {
			// Never read back as what it was: refuse instead of saving a
			// list that would miss this input.
			return fmt.Errorf("input %q has a line break in its name", in.Path)
		}
		bw.WriteByte(byte(in.Kind))
		bw.WriteByte(' ')
		bw.WriteString(in.Path)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	return z.Close()
}

// Read loads a list that Write saved.
func Read(r io.Reader) ([]Input, error) {
	z, err := gzip.NewReader(r)
	if err != nil {
		return nil, err
	}
	defer z.Close()
	var out []Input
	sc := bufio.NewScanner(z)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if len(line) < 3 || line[1] != ' ' || rank(Kind(line[0])) < 0 || !fs.ValidPath(line[2:]) {
			return nil, fmt.Errorf("bad input list line %q", line)
		}
		out = append(out, Input{Kind: Kind(line[0]), Path: line[2:]})
	}
	return out, sc.Err()
}

// Folders returns the folders whose changes matter for list: every Dir,
// and the folder holding each other input (so that a file created where
// an Absent one was looked for is noticed). Sorted, each once.
func Folders(list []Input) []string {
	set := map[string]bool{}
	for _, in := range list {
		if in.Kind == Dir {
			set[in.Path] = true
		} else {
			set[path.Dir(in.Path)] = true
		}
	}
	out := make([]string, 0, len(set))
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
