package content

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/diachido/diachido/generator/diag"
)

// TestBodiesLetGoAreReadAgain: with Options.Body, each body is handed over
// as its file is parsed and then let go (unless kept), and ReadBody gives
// back exactly the body a plain load holds (normalised: CRLF line ends and
// decomposed Vietnamese become LF and NFC). A file whose body changed
// after the load is an error naming it, never a page showing unchecked
// text.
func TestBodiesLetGoAreReadAgain(t *testing.T) {
	fsys := fstest.MapFS{
		"content/sites/a/index.vi.md":                     {Data: []byte("---\r\nid: NT-001\r\ntitle: A\r\nsummary: Đình A.\r\nlocation: {lat: 10.7, lng: 106.8}\r\n---\r\nDi tích \u0110i\u0323a đạo.\r\n\r\nĐoạn hai.\r\n")},
		"content/sites/a/index.en.md":                     {Data: []byte("---\ntitle: House A\n---\nA in English.\n")},
		"content/exhibitions/e/index.vi.md":               {Data: []byte("---\nid: NT-E01\ntitle: E\nsummary: Triển lãm.\nperiod: 1945\n---\n## 1945 — Một\n\nChữ.\n")},
		"content/sites/a/not-an-entry-file-just-text.txt": {Data: []byte("x")},
	}
	opts := Options{Languages: []string{"vi", "en"}}
	var diags diag.List
	plain := Load(fsys, opts, &diags)
	var mu sync.Mutex
	handed := map[string]string{}
	opts.Body = func(d *Doc, k Kind) bool {
		mu.Lock()
		handed[d.File] = string(d.Body)
		mu.Unlock()
		return k == Exhibition
	}
	var diags2 diag.List
	lazy := Load(fsys, opts, &diags2)
	if diags.String() != diags2.String() {
		t.Fatalf("diagnostics differ:\n%s\nwant:\n%s", diags2.String(), diags.String())
	}
	for _, id := range []string{"NT-001", "NT-E01"} {
		for lang, want := range plain.ByID[id].Docs {
			d := lazy.ByID[id].Docs[lang]
			if got := handed[d.File]; got != string(want.Body) {
				t.Errorf("%s: handed %q, want %q", d.File, got, want.Body)
			}
			if kept := d.Body != nil; kept != (id == "NT-E01") {
				t.Errorf("%s: body kept %v", d.File, kept)
			}
			got, err := ReadBody(fsys, d)
			if err != nil || !bytes.Equal(got, want.Body) {
				t.Errorf("%s: ReadBody = %q, %v; want %q", d.File, got, err, want.Body)
			}
		}
	}
	if b := string(plain.ByID["NT-001"].Default.Body); !strings.Contains(b, "Địa đạo") || strings.Contains(b, "\r") {
		t.Fatalf("the body was not normalised: %q", b)
	}
	d := lazy.ByID["NT-001"].Default
	fsys[d.File] = &fstest.MapFile{Data: []byte("---\nid: NT-001\ntitle: A\n---\nMột nội dung khác, dài hơn nhiều so với trước.\n")}
	if _, err := ReadBody(fsys, d); err == nil || !strings.Contains(err.Error(), d.File) || !strings.Contains(err.Error(), "changed during the build") {
		t.Errorf("a body changed after the load: %v", err)
	}
}
