// Package output is where a build's files go: a folder on disk, swapped into
// place only when the whole build succeeded, or memory (for serve and tests).
//
// A failed or killed build must never leave a half-written site behind: the
// live site and every printed placard point at it. So the folder writer
// builds into a sibling temporary folder and exchanges it with the old one
// in a single rename at the end.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing/fstest"
)

// Writer receives a build's files. Names are slash paths relative to the
// output root ("vi/sites/dinh-phu-my/index.html"). Implementations are safe
// for concurrent use: pages are rendered and written by many workers.
// WriteFile must not keep data after it returns: the build renders the
// next page into the same memory.
type Writer interface {
	WriteFile(name string, data []byte) error
	Copy(name string, r io.Reader) error
}

// Marker is the file that marks a folder as diachido output, so that a
// build never empties a folder it did not make.
const Marker = ".diachido-output"

// MarkerText opens the marker file.
const MarkerText = "This folder is built by diachido; it is replaced on every build.\n"

func checkName(name string) error {
	if !fs.ValidPath(name) || name == "." {
		return fmt.Errorf("invalid output path %q", name)
	}
	return nil
}

// Memory keeps files in memory.
type Memory struct {
	mu    sync.Mutex
	files map[string][]byte
}

// NewMemory returns an empty in-memory output.
func NewMemory() *Memory { return &Memory{files: map[string][]byte{}} }

// WriteFile stores data under name.
func (m *Memory) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	m.mu.Lock()
	m.files[name] = append([]byte(nil), data...)
	m.mu.Unlock()
	return nil
}

// Copy stores what r holds under name.
func (m *Memory) Copy(name string, r io.Reader) error {
	var b bytes.Buffer
	if _, err := io.Copy(&b, r); err != nil {
		return err
	}
	return m.WriteFile(name, b.Bytes())
}

// Get returns a file's content.
func (m *Memory) Get(name string) ([]byte, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.files[name]
	return b, ok
}

// Names returns every file name, sorted.
func (m *Memory) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]string, 0, len(m.files))
	for n := range m.files {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// FS returns a read-only snapshot as an fs.FS (for serving).
func (m *Memory) FS() fs.FS {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := fstest.MapFS{}
	for n, b := range m.files {
		out[n] = &fstest.MapFile{Data: b, Mode: 0o644}
	}
	return out
}

// Discard drops everything: `check` renders every page to find template
// problems without writing.
type Discard struct{}

// WriteFile does nothing.
func (Discard) WriteFile(name string, data []byte) error { return checkName(name) }

// Copy reads nothing.
func (Discard) Copy(name string, r io.Reader) error { return checkName(name) }

// Dir writes into a temporary folder beside the target and swaps it in on
// Commit.
//
// A file whose bytes are those of the same file in the previous output is
// not written again but hard-linked from it: after one edit only the pages
// that changed are new files (new inode, new modification time), so that
// a deploy that compares files (rsync, or a host's upload of changed
// files) sends a few pages instead of the whole site, and the atomic swap
// still holds: the previous output is untouched until Commit.
type Dir struct {
	target string
	tmp    string
	// prev is the previous output (target when it exists), whose files
	// unchanged ones are linked from; "" when there is none or links
	// failed once (a file system without hard links).
	prev    string
	noLinks atomic.Bool
	mu      sync.Mutex
	dirs    map[string]bool

	written, kept atomic.Int64
}

// Written and Kept count the files written anew and those linked
// unchanged from the previous output.
func (d *Dir) Written() int64 { return d.written.Load() }

// Kept counts the files linked unchanged from the previous output.
func (d *Dir) Kept() int64 { return d.kept.Load() }

// holds reports whether the file at p holds exactly data, reading it in
// pieces (no copy of a large file in memory).
func holds(p string, data []byte) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return false
	}
	bp := chunks.Get().(*[]byte)
	defer chunks.Put(bp)
	buf := *bp
	for off := 0; off < len(data); {
		n, err := io.ReadFull(f, buf[:min(len(buf), len(data)-off)])
		if err != nil || !bytes.Equal(buf[:n], data[off:off+n]) {
			return false
		}
		off += n
	}
	return true
}

var chunks = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// keep links name from the previous output when it holds data already.
func (d *Dir) keep(name string, data []byte) bool {
	if d.prev == "" || d.noLinks.Load() {
		return false
	}
	old := filepath.Join(d.prev, filepath.FromSlash(name))
	if !holds(old, data) {
		return false
	}
	if err := os.Link(old, filepath.Join(d.tmp, filepath.FromSlash(name))); err != nil {
		if !errors.Is(err, fs.ErrExist) {
			d.noLinks.Store(true) // no hard links here: write every file
		}
		return false
	}
	d.kept.Add(1)
	return true
}

// GuardError says why a folder cannot be used as output.
type GuardError struct{ Reason string }

func (e *GuardError) Error() string { return e.Reason }

// CheckTarget refuses output folders whose replacement would destroy
// something: the file system root, the home folder, the site source or a
// folder that holds it, and non-empty folders diachido did not create.
func CheckTarget(target, source string) error {
	t, err := filepath.Abs(target)
	if err != nil {
		return err
	}
	t = filepath.Clean(t)
	s, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	s = filepath.Clean(s)
	if rt, err := filepath.EvalSymlinks(t); err == nil {
		t = rt
	}
	if rs, err := filepath.EvalSymlinks(s); err == nil {
		s = rs
	}
	if t == filepath.VolumeName(t)+string(filepath.Separator) {
		return &GuardError{fmt.Sprintf("refusing to use %s as output: it is the root of the file system", target)}
	}
	if home, err := os.UserHomeDir(); err == nil {
		if h, err := filepath.EvalSymlinks(home); err == nil && h == t {
			return &GuardError{fmt.Sprintf("refusing to use %s as output: it is your home folder", target)}
		}
	}
	if t == s || strings.HasPrefix(s+string(filepath.Separator), t+string(filepath.Separator)) {
		return &GuardError{fmt.Sprintf("refusing to use %s as output: it holds the site source, which the build would replace", target)}
	}
	info, err := os.Lstat(t)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return &GuardError{fmt.Sprintf("refusing to use %s as output: it is a file, not a folder", target)}
	}
	entries, err := os.ReadDir(t)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(t, Marker)); err != nil {
		return &GuardError{fmt.Sprintf("refusing to use %s as output: it is not empty and was not made by diachido (no %s file); choose an empty or new folder", target, Marker)}
	}
	return nil
}

// NewDir prepares a build into target. Call CheckTarget first. Leftover
// temporary folders of killed builds are removed.
func NewDir(target string) (*Dir, error) {
	abs, err := filepath.Abs(target)
	if err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(abs), filepath.Base(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	old, _ := filepath.Glob(filepath.Join(parent, "."+base+".tmp-*"))
	for _, o := range old {
		_ = os.RemoveAll(o)
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return nil, err
	}
	d := &Dir{target: abs, tmp: tmp, dirs: map[string]bool{}}
	if info, err := os.Stat(filepath.Join(abs, Marker)); err == nil && info.Mode().IsRegular() {
		d.prev = abs
	}
	// Written first and directly (not counted, never linked): the build
	// writes it again at the end, with its fingerprint.
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte(MarkerText), 0o644); err != nil {
		_ = os.RemoveAll(tmp)
		return nil, err
	}
	return d, nil
}

// mkdir makes the folder that will hold name, and its parents, once each:
// a site has a folder per page, and asking the file system about every
// parent of every page (as os.MkdirAll does) was tens of thousands of
// calls.
func (d *Dir) mkdir(name string) error { return d.makeDir(path.Dir(name)) }

func (d *Dir) makeDir(dir string) error {
	if dir == "." {
		return nil
	}
	d.mu.Lock()
	done := d.dirs[dir]
	d.mu.Unlock()
	if done {
		return nil
	}
	full := filepath.Join(d.tmp, filepath.FromSlash(dir))
	err := os.Mkdir(full, 0o755)
	if errors.Is(err, fs.ErrNotExist) {
		if err = d.makeDir(path.Dir(dir)); err == nil {
			err = os.Mkdir(full, 0o755)
		}
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	d.mu.Lock()
	d.dirs[dir] = true
	d.mu.Unlock()
	return nil
}

// WriteFile writes one file into the temporary folder.
func (d *Dir) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	if err := d.mkdir(name); err != nil {
		return err
	}
	if d.keep(name, data) {
		return nil
	}
	d.written.Add(1)
	p := filepath.Join(d.tmp, filepath.FromSlash(name))
	if d.prev != "" {
		// A file written twice (the marker) may be a link to the previous
		// output's: writing into it would change that one too.
		_ = os.Remove(p)
	}
	return os.WriteFile(p, data, 0o644)
}

// Copy streams r into one file of the temporary folder; with a previous
// output it reads r whole first, to compare it with the file there.
func (d *Dir) Copy(name string, r io.Reader) error {
	if d.prev != "" && !d.noLinks.Load() {
		b, err := io.ReadAll(r)
		if err != nil {
			return err
		}
		return d.WriteFile(name, b)
	}
	if err := checkName(name); err != nil {
		return err
	}
	if err := d.mkdir(name); err != nil {
		return err
	}
	d.written.Add(1)
	f, err := os.OpenFile(filepath.Join(d.tmp, filepath.FromSlash(name)), os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Commit puts the new folder in place of the old one. On Linux the two are
// exchanged in one atomic rename, so a build killed at any moment leaves
// either the old or the new site, complete.
func (d *Dir) Commit() error {
	if _, err := os.Lstat(d.target); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(d.tmp, d.target)
	}
	if err := exchange(d.tmp, d.target); err != nil {
		return err
	}
	// d.tmp now holds the previous output.
	return os.RemoveAll(d.tmp)
}

// Abort throws the temporary folder away, leaving the old output untouched.
func (d *Dir) Abort() error { return os.RemoveAll(d.tmp) }

// Path returns the temporary folder being written (for tools that must
// read what was built before it is committed).
func (d *Dir) Path() string { return d.tmp }

// InPlace writes files straight into an existing output folder, each one
// atomically (temporary file, then rename), for commands that refresh part
// of a built site such as `diachido placards`.
type InPlace struct {
	Root string
}

// WriteFile replaces one file.
func (d InPlace) WriteFile(name string, data []byte) error {
	return d.Copy(name, bytes.NewReader(data))
}

// Copy replaces one file with what r holds.
func (d InPlace) Copy(name string, r io.Reader) error {
	if err := checkName(name); err != nil {
		return err
	}
	p := filepath.Join(d.Root, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-")
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), p)
}
