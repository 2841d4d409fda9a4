package inputs

import (
	"bytes"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/diachido/diachido/internal/testsite"
)

func TestRecordsWhatIsRead(t *testing.T) {
	r := Record(testsite.MapFS(map[string]string{
		"site.yaml":       "a: 1\n",
		"content/x/a.md":  "x",
		"content/x/b.jpg": "jpeg",
		"logo.png":        "png",
	}))
	if _, err := fs.ReadFile(r, "site.yaml"); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.ReadDir(r, "content/x"); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat(r, "content"); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat(r, "i18n"); err == nil {
		t.Fatal("i18n exists")
	}
	f, _ := r.Open("logo.png")
	io.ReadAll(f)
	f.Close()
	sub, _ := fs.Sub(r, "content")
	fs.ReadFile(sub, "x/b.jpg")
	want := []Input{
		{"content", Present}, {"content/x", Dir}, {"content/x/b.jpg", File},
		{"i18n", Absent}, {"logo.png", File}, {"site.yaml", File},
	}
	if got := r.List(); !reflect.DeepEqual(got, want) {
		t.Errorf("recorded\n%v\nwant\n%v", got, want)
	}
	if len(r.known()) != 4 { // three files read whole, one folder listed
		t.Errorf("digests taken while recording: %v", r.known())
	}
}

// Digest changes with every kind of change to an input, and with nothing
// else.
func TestDigestSeesEveryKindOfChange(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) { testsite.Write(t, dir, map[string]string{name: data}) }
	write("site.yaml", "a: 1\n")
	write("content/x/a.md", "x")
	write("content/x/.a.md.swp", "x")
	write("elsewhere.txt", "not an input")
	list := []Input{{"content", Present}, {"content/x", Dir}, {"i18n", Absent}, {"site.yaml", File}}
	digest := func() string {
		d, err := Digest(os.DirFS(dir), list, nil, nil, []byte("opts"))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	d0 := digest()
	write("elsewhere.txt", "changed")
	write("content/x/.a.md.swp", "hidden, changed")
	write("content/x/a.md", "y") // in a listed folder, but not read: its name is what counts
	if d := digest(); d != d0 {
		t.Fatal("a change to what is no input changed the digest")
	}
	for _, step := range []struct {
		what string
		do   func()
	}{
		{"a file read", func() { write("site.yaml", "a: 2\n") }},
		{"a new file in a listed folder", func() { write("content/x/b.md", "") }},
		{"a name looked for and missing", func() { write("i18n/vi.yaml", "") }},
		{"a folder stat'ed", func() { os.RemoveAll(filepath.Join(dir, "content")) }},
	} {
		step.do()
		d := digest()
		if d == d0 {
			t.Errorf("%s: digest unchanged", step.what)
		}
		d0 = d
	}
	if d, _ := Digest(os.DirFS(dir), list, nil, nil, []byte("other opts")); d == d0 {
		t.Error("other options, same digest")
	}
}

func TestListRoundTrips(t *testing.T) {
	list := []Input{{"content/sites/đình-a", Dir}, {"i18n", Absent}, {"site.yaml", File}, {"themes/x", Present}}
	var b bytes.Buffer
	if err := Write(&b, list); err != nil {
		t.Fatal(err)
	}
	got, err := Read(&b)
	if err != nil || !reflect.DeepEqual(got, list) {
		t.Errorf("read back %v, %v", got, err)
	}
	if err := Write(io.Discard, []Input{{"a\nb", File}}); err == nil {
		t.Error("a name with a line break was saved")
	}
}
