package testsite

import (
	"bytes"
	"fmt"
	"image"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	got := Parse(`A site of two files; this comment is not one.
-- site.yaml --
baseURL: https://example.org/
--  content/sites/a/index.vi.md  --
---
id: NT-001
---
-- empty.txt --
-- last.md --
no line break at the end`)
	want := map[string]string{
		"site.yaml":                   "baseURL: https://example.org/\n",
		"content/sites/a/index.vi.md": "---\nid: NT-001\n---\n",
		"empty.txt":                   "",
		"last.md":                     "no line break at the end\n",
	}
	if !maps.Equal(got, want) {
		t.Errorf("Parse = %q\nwant %q", got, want)
	}
	defer func() {
		if recover() == nil {
			t.Error("a name given twice: no panic")
		}
	}()
	Parse("-- a --\n1\n-- a --\n2\n")
}

func TestWriteReadEdit(t *testing.T) {
	files := map[string]string{"site.yaml": "title: A\n", "content/a/index.vi.md": "A\n"}
	dir := Dir(t, files)
	if got := Read(t, dir); len(got) != 2 || string(got["site.yaml"]) != "title: A\n" || string(got["content/a/index.vi.md"]) != "A\n" {
		t.Errorf("Read after Dir = %q", got)
	}
	EditFile(t, dir, "site.yaml", "A", "B")
	if got := Read(t, dir); string(got["site.yaml"]) != "title: B\n" {
		t.Errorf("after EditFile: %q", got["site.yaml"])
	}
	Replace(t, dir, map[string]string{"other.txt": "x"})
	if got := Read(t, dir); len(got) != 1 || string(got["other.txt"]) != "x" {
		t.Errorf("after Replace: %q", got)
	}
	if got := Read(t, filepath.Join(dir, "missing")); len(got) != 0 {
		t.Errorf("Read of a missing folder = %q", got)
	}
	b, err := fs.ReadFile(MapFS(files), "content/a/index.vi.md")
	if err != nil || string(b) != "A\n" {
		t.Errorf("MapFS: %q, %v", b, err)
	}
}

func TestMedia(t *testing.T) {
	for name, tc := range map[string]struct {
		data   string
		w, h   int
		format string
	}{
		"Halves JPEG": {EncodeJPEG(Halves(40, 20, 255)), 40, 20, "jpeg"},
		"Halves PNG":  {EncodePNG(Halves(8, 6, 128)), 8, 6, "png"},
		"JPEG":        {JPEG(64, 48, 0), 64, 48, "jpeg"},
		"GiantPNG":    {GiantPNG(30000, 20000), 30000, 20000, "png"},
	} {
		c, format, err := image.DecodeConfig(bytes.NewReader([]byte(tc.data)))
		if err != nil || c.Width != tc.w || c.Height != tc.h || format != tc.format {
			t.Errorf("%s: %s %d×%d, %v", name, format, c.Width, c.Height, err)
		}
	}
	if n := len(MP3(10)); n != 30+10*417 {
		t.Errorf("MP3(10) is %d bytes", n)
	}
}

func TestInputsHasTheEntry(t *testing.T) {
	f := Inputs()
	if len(f) != 10 || f[EntryFile] == "" || !strings.HasSuffix(f["site.yaml"], "idPrefix: NT\nlogo: images/logo.png\ntheme: hong\n") || f["ids.lock"] != "# diachido printed-ID ledger\nNT-001 sites/dinh-a\n" {
		t.Errorf("Inputs has %d files: %q", len(f), slices.Sorted(maps.Keys(f)))
	}
}

func TestHashes(t *testing.T) {
	dir := Dir(t, map[string]string{"a/b.txt": "b", "c.txt": "c"})
	before := Hashes(t, dir)
	if len(before) != 4 || before["./"] == "" || before["a/"] == "" || before["a/b.txt"] == before["c.txt"] {
		t.Errorf("Hashes = %q", before)
	}
	if name := Differs(before, Hashes(t, dir)); name != "" {
		t.Errorf("an unchanged tree differs at %s", name)
	}
	EditFile(t, dir, "c.txt", "c", "d")
	if name := Differs(before, Hashes(t, dir)); name != "c.txt" {
		t.Errorf("after an edit: Differs = %q", name)
	}
	Write(t, dir, map[string]string{"new/x": ""})
	if name := Differs(Hashes(t, dir), before); name != "c.txt" {
		t.Errorf("Differs = %q", name)
	}
	if name := Differs(map[string]string{"a": "1"}, map[string]string{"a": "1", "b": "2"}); name != "b" {
		t.Errorf("an added file: Differs = %q", name)
	}
}

func TestWriteReadPNG(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.png")
	WritePNG(t, p, Halves(8, 6, 255))
	img := ReadPNG(t, p)
	if r, _, b, _ := img.At(1, 1).RGBA(); img.Bounds().Dx() != 8 || r>>8 != 200 || b>>8 != 40 {
		t.Errorf("ReadPNG: %v, left pixel %d,%d", img.Bounds(), r>>8, b>>8)
	}
}

func TestLog(t *testing.T) {
	var l Log
	done := make(chan bool)
	go func() { fmt.Fprint(&l, "built"); done <- true }()
	_ = l.String()
	<-done
	if l.String() != "built" {
		t.Errorf("Log = %q", l.String())
	}
}

func TestCopy(t *testing.T) {
	from := Dir(t, map[string]string{"site.yaml": "a\n", "content/a/index.vi.md": "A\n", "output/index.html": "old\n"})
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(filepath.Join(from, "site.yaml"), old, old); err != nil {
		t.Fatal(err)
	}
	all, some := t.TempDir(), t.TempDir()
	Copy(t, from, all)
	Copy(t, from, some, "site.yaml", "content", "themes")
	if got := Read(t, all); !maps.EqualFunc(got, Read(t, from), bytes.Equal) {
		t.Errorf("Copy of everything: %q", got)
	}
	if got := Read(t, some); len(got) != 2 || got["output/index.html"] != nil {
		t.Errorf("Copy of site.yaml, content and a missing themes: %q", got)
	}
	if info, err := os.Stat(filepath.Join(some, "site.yaml")); err != nil {
		t.Error(err)
	} else if !info.ModTime().Equal(old) {
		t.Errorf("the copy's time is %v, want %v", info.ModTime(), old)
	}
}
