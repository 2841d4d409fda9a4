package output

import (
	"bytes"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/diachido/diachido/internal/testsite"
)

// same reports whether two trees read by testsite.Read hold the same files.
func same(a, b map[string][]byte) bool { return maps.EqualFunc(a, b, bytes.Equal) }

// TestCheckTargetRefusesDangerousFolders: the folders a build would
// destroy are refused, with a reason, and left as they were.
func TestCheckTargetRefusesDangerousFolders(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "site")
	testsite.Write(t, src, map[string]string{"site.yaml": "x", "content/sites/a/index.vi.md": "y"})
	foreign := filepath.Join(root, "photos")
	testsite.Write(t, foreign, map[string]string{"family.jpg": "x", "2019/tet.jpg": "y"})
	hidden := filepath.Join(root, "dotfiles")
	testsite.Write(t, hidden, map[string]string{".bashrc": "x"})
	linkSrc := filepath.Join(root, "link-to-site")
	if err := os.Symlink(src, linkSrc); err != nil {
		t.Fatal(err)
	}
	linkForeign := filepath.Join(root, "link-to-photos")
	if err := os.Symlink(foreign, linkForeign); err != nil {
		t.Fatal(err)
	}
	home, err := os.UserHomeDir()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, target, want string }{
		{"root", "/", "root of the file system"},
		{"root written oddly", "/tmp/..", "root of the file system"},
		{"home", home, "home folder"},
		{"home with a slash", home + "/", "home folder"},
		{"the source", src, "holds the site source"},
		{"the source, relative", mustRel(t, src), "holds the site source"},
		{"a parent of the source", root, "holds the site source"},
		{"a link to the source", linkSrc, "holds the site source"},
		{"a non-empty foreign folder", foreign, "not empty and was not made by diachido"},
		{"a link to a foreign folder", linkForeign, "not empty and was not made by diachido"},
		{"a folder with only hidden files", hidden, "not empty and was not made by diachido"},
		{"a file", filepath.Join(foreign, "family.jpg"), "is a file, not a folder"},
		{"the content folder", filepath.Join(src, "content"), "not empty and was not made by diachido"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, srcBefore := testsite.Read(t, foreign), testsite.Read(t, src)
			err := CheckTarget(tc.target, src)
			var g *GuardError
			if !errors.As(err, &g) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("CheckTarget(%s) = %v, want a guard error saying %q", tc.target, err, tc.want)
			}
			if !same(before, testsite.Read(t, foreign)) || !same(srcBefore, testsite.Read(t, src)) {
				t.Error("the guard changed a folder")
			}
		})
	}
	// What a build may use.
	empty := filepath.Join(root, "empty")
	os.Mkdir(empty, 0o755)
	made := filepath.Join(root, "made")
	testsite.Write(t, made, map[string]string{Marker: MarkerText, "index.html": "old"})
	for _, ok := range []string{filepath.Join(root, "new"), filepath.Join(root, "new/deeper"), empty, made, filepath.Join(src, "output")} {
		if err := CheckTarget(ok, src); err != nil {
			t.Errorf("CheckTarget(%s) refused: %v", ok, err)
		}
	}
}

func mustRel(t *testing.T, p string) string {
	wd, _ := os.Getwd()
	r, err := filepath.Rel(wd, p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestNamesCannotLeaveTheOutput: every writer refuses names that climb out
// of the output folder or are absolute.
func TestNamesCannotLeaveTheOutput(t *testing.T) {
	root := t.TempDir()
	target := filepath.Join(root, "out")
	d, err := NewDir(target)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Abort()
	writers := map[string]Writer{"Dir": d, "Memory": NewMemory(), "Discard": Discard{}, "InPlace": InPlace{Root: filepath.Join(root, "inplace")}}
	for wn, w := range writers {
		for _, name := range []string{"../escape.html", "a/../../escape.html", "/etc/escape", "", ".", "a//b", "./a", "a/./b", "a\x00b/../../c"} {
			if err := w.WriteFile(name, []byte("x")); err == nil {
				t.Errorf("%s.WriteFile(%q) accepted", wn, name)
			}
			if err := w.Copy(name, strings.NewReader("x")); err == nil {
				t.Errorf("%s.Copy(%q) accepted", wn, name)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(root, "escape.html")); err == nil {
		t.Error("a file was written outside the output")
	}
}

// TestCommitReplacesWholeAndAbortKeepsOld: nothing is visible in the
// target until Commit, which replaces it whole (no old file survives);
// Abort leaves the old output as it was; temporary folders left by killed
// builds are cleaned by the next one.
func TestCommitReplacesWholeAndAbortKeepsOld(t *testing.T) {
	root := t.TempDir()
	target := filepath.Join(root, "out")

	d, err := NewDir(target)
	if err != nil {
		t.Fatal(err)
	}
	d.WriteFile("index.html", []byte("v1"))
	d.WriteFile("vi/old/index.html", []byte("gone in v2"))
	if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("the target exists before Commit")
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	v1 := testsite.Read(t, target)
	if string(v1["index.html"]) != "v1" || v1[Marker] == nil {
		t.Fatalf("first commit: %v", v1)
	}

	// A build that fails keeps v1.
	d, _ = NewDir(target)
	d.WriteFile("index.html", []byte("broken"))
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	if !same(v1, testsite.Read(t, target)) {
		t.Fatal("Abort changed the output")
	}

	// Builds killed half-way leave temporary folders; the next build
	// removes them and its commit replaces everything.
	for _, left := range []string{".out.tmp-123", ".out.tmp-killed"} {
		testsite.Write(t, filepath.Join(root, left), map[string]string{Marker: MarkerText, "half.html": "x"})
	}
	d, err = NewDir(target)
	if err != nil {
		t.Fatal(err)
	}
	d.WriteFile("index.html", []byte("v2"))
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	v2 := testsite.Read(t, target)
	if string(v2["index.html"]) != "v2" || v2["vi/old/index.html"] != nil {
		t.Fatalf("second commit kept old files: %v", v2)
	}
	entries, _ := os.ReadDir(root)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	if strings.Join(names, " ") != "out" {
		t.Errorf("folders beside the output after a good build: %v", names)
	}
	// The new output passes the guard again.
	if err := CheckTarget(target, filepath.Join(root, "src")); err != nil {
		t.Errorf("a committed output is refused: %v", err)
	}
}

// TestNewDirNeverTouchesForeignSiblings: cleaning leftovers removes only
// diachido's own temporary folders for this target.
func TestNewDirNeverTouchesForeignSiblings(t *testing.T) {
	root := t.TempDir()
	keep := map[string]string{"out.tmp-notes/a.txt": "x", ".other.tmp-1/a": "y", ".out.tmpx/a": "z", "out.bak/a": "w"}
	testsite.Write(t, root, keep)
	d, err := NewDir(filepath.Join(root, "out"))
	if err != nil {
		t.Fatal(err)
	}
	d.Abort()
	got := testsite.Read(t, root)
	for k, v := range keep {
		if string(got[k]) != v {
			t.Errorf("NewDir removed %s", k)
		}
	}
}

// Writers keep nothing of the bytes they are given: the build renders
// the next page into the same memory as soon as WriteFile returns.
func TestWritersDoNotKeepData(t *testing.T) {
	mem := NewMemory()
	dir, err := NewDir(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []Writer{mem, dir} {
		data := []byte("<p>trang một</p>")
		if err := w.WriteFile("vi/a/index.html", data); err != nil {
			t.Fatal(err)
		}
		copy(data, "<p>TRANG HAI!</p>")
	}
	if got, _ := mem.Get("vi/a/index.html"); string(got) != "<p>trang một</p>" {
		t.Errorf("memory holds %q after the caller reused its bytes", got)
	}
	if got, _ := os.ReadFile(filepath.Join(dir.Path(), "vi/a/index.html")); string(got) != "<p>trang một</p>" {
		t.Errorf("the folder holds %q after the caller reused its bytes", got)
	}
}

// TestUnchangedFilesAreLinkedNotWritten: a build over a previous output
// writes only the files whose bytes changed; the others are the previous
// output's own files (same inode, same modification time), so that a
// deploy comparing files uploads only what changed. The previous output
// stays as it was until Commit, and a file written twice (the marker) never
// changes the previous output's copy through a shared link.
func TestUnchangedFilesAreLinkedNotWritten(t *testing.T) {
	root := t.TempDir()
	target := filepath.Join(root, "out")
	build := func(files map[string]string) *Dir {
		t.Helper()
		d, err := NewDir(target)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range sortedKeys(files) {
			if err := d.WriteFile(n, []byte(files[n])); err != nil {
				t.Fatal(err)
			}
		}
		return d
	}
	first := map[string]string{"vi/a/index.html": "trang A", "vi/b/index.html": "trang B", "media/x.jpg": strings.Repeat("x", 200_000), "gone.html": "bỏ"}
	d := build(first)
	if err := d.WriteFile(Marker, []byte(MarkerText+"fingerprint 1\n")); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if d.Kept() != 0 || d.Written() != 5 { // 4 files and the marker
		t.Fatalf("first build: kept %d, written %d; want 0 and 5", d.Kept(), d.Written())
	}
	ino := func(name string) uint64 {
		t.Helper()
		info, err := os.Stat(filepath.Join(target, name))
		if err != nil {
			t.Fatal(err)
		}
		return testsite.Inode(info)
	}
	before := map[string]uint64{}
	for n := range first {
		before[n] = ino(n)
	}
	markerBefore, _ := os.ReadFile(filepath.Join(target, Marker))

	second := map[string]string{"vi/a/index.html": "trang A", "vi/b/index.html": "trang B đã sửa", "media/x.jpg": strings.Repeat("x", 200_000), "vi/c/index.html": "trang C"}
	d = build(second)
	if err := d.WriteFile(Marker, []byte(MarkerText+"fingerprint 2\n")); err != nil {
		t.Fatal(err)
	}
	// Until Commit the previous output is what it was, marker included.
	if got, _ := os.ReadFile(filepath.Join(target, Marker)); !bytes.Equal(got, markerBefore) {
		t.Fatalf("the previous output's marker changed before Commit: %q", got)
	}
	if got, _ := os.ReadFile(filepath.Join(target, "vi/b/index.html")); string(got) != "trang B" {
		t.Fatalf("the previous output changed before Commit: %q", got)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := testsite.Read(t, target); string(got["vi/b/index.html"]) != "trang B đã sửa" || string(got["vi/c/index.html"]) != "trang C" || got["gone.html"] != nil || !strings.HasSuffix(string(got[Marker]), "fingerprint 2\n") {
		t.Fatalf("second output is wrong: %v", sortedKeys(stringMap(got)))
	}
	for _, n := range []string{"vi/a/index.html", "media/x.jpg"} {
		if ino(n) != before[n] {
			t.Errorf("%s is unchanged but was written again (new inode)", n)
		}
	}
	if ino("vi/b/index.html") == before["vi/b/index.html"] {
		t.Errorf("vi/b/index.html changed but kept its inode")
	}
	if d.Kept() != 2 || d.Written() != 3 { // b, c, and the marker
		t.Fatalf("second build: kept %d, written %d; want 2 and 3", d.Kept(), d.Written())
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func stringMap(m map[string][]byte) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = string(v)
	}
	return out
}
