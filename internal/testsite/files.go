package testsite

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"
)

// Parse reads a whole test site written as one txtar archive: a comment,
// then each file after a line "-- slash/name --". Every file ends with a
// line break (txtar cannot say otherwise); binary files (photos, audio)
// are added to the map afterwards. A name given twice is a mistake in the
// test, so Parse panics.
func Parse(archive string) map[string]string {
	a := txtar.Parse([]byte(archive))
	files := make(map[string]string, len(a.Files))
	for _, f := range a.Files {
		if _, ok := files[f.Name]; ok {
			panic("testsite: " + f.Name + " is twice in the archive")
		}
		files[f.Name] = string(f.Data)
	}
	return files
}

// MapFS is files as an in-memory file system, for a build that never
// touches the disk.
func MapFS(files map[string]string) fstest.MapFS {
	fsys := make(fstest.MapFS, len(files))
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data), Mode: 0o644}
	}
	return fsys
}

// WriteFiles writes files (slash names) under dir, adding to what is
// there. It is Write for code with no test to fail: a site made once per
// test binary inside a sync.Once, where t.Fatal must not be called.
func WriteFiles(dir string, files map[string]string) error {
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Write writes files (slash names) under dir, adding to what is there.
func Write(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	if err := WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
}

// Dir writes files into a new temporary folder and returns it.
func Dir(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	Write(t, dir, files)
	return dir
}

// Replace makes dir hold files and nothing else.
func Replace(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	Write(t, dir, files)
}

// EditFile replaces the first old in the file name (slash name) under dir with
// new. An edit that does not apply fails the test: the fixture changed and
// the test no longer tests what it says.
func EditFile(t testing.TB, dir, name, old, new string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", name, old)
	}
	Write(t, dir, map[string]string{name: strings.Replace(string(b), old, new, 1)})
}

// Read returns every file under dir by slash name (none when dir does not
// exist), to compare a build's output before and after.
func Read(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	return out
}

// Hashes returns the SHA-256 of every file under dir by slash name, and
// every folder as its name and a slash ("./" for dir itself), so that any
// change to a tree shows, an empty folder too: a failed build must leave
// the last output exactly as it was.
func Hashes(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			out[rel+"/"] = "folder"
			return nil
		}
		b, err := os.ReadFile(p)
		out[rel] = fmt.Sprintf("%x", sha256.Sum256(b))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Differs returns the first name, in order, that two Hashes of a tree do
// not agree on, or "" when they are the same.
func Differs(before, after map[string]string) string {
	for _, name := range slices.Sorted(maps.Keys(before)) {
		if v, ok := after[name]; !ok || v != before[name] {
			return name
		}
	}
	for _, name := range slices.Sorted(maps.Keys(after)) {
		if _, ok := before[name]; !ok {
			return name
		}
	}
	return ""
}

// Copy copies the tree under from into to, keeping each file's
// modification time (a real site's files were saved long before a build
// or a preview starts). With names, only those files and folders at the
// top of from are copied, those that exist: the example site's source
// without its output, say.
func Copy(t testing.TB, from, to string, names ...string) {
	t.Helper()
	if len(names) == 0 {
		names = []string{"."}
	}
	for _, name := range names {
		err := filepath.WalkDir(filepath.Join(from, name), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == filepath.Join(from, name) && errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			rel, _ := filepath.Rel(from, p)
			dst := filepath.Join(to, rel)
			if d.IsDir() {
				return os.MkdirAll(dst, 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(dst, b, 0o644); err != nil {
				return err
			}
			return os.Chtimes(dst, info.ModTime(), info.ModTime())
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
