package site

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/internal/testsite"
)

func TestBatchFileNames(t *testing.T) {
	if got := batches(0); len(got) != 0 {
		t.Errorf("batches(0) = %v", got)
	}
	bs := batches(2*placardsPerFile + 1)
	if len(bs) != 3 || bs[0] != (batch{1, 0, placardsPerFile}) || bs[2] != (batch{3, 2 * placardsPerFile, 2*placardsPerFile + 1}) {
		t.Errorf("batches(%d) = %v", 2*placardsPerFile+1, bs)
	}
	if got := batchPlacard("A4", batch{1, 0, placardsPerFile}, placardsPerFile); got != "placards/all-a4.pdf" {
		t.Errorf("a site of %d placards: %s, want placards/all-a4.pdf", placardsPerFile, got)
	}
	if got := batchPlacard("A5", bs[2], 2*placardsPerFile+1); got != "placards/all-a5-003.pdf" {
		t.Errorf("third file: %s, want placards/all-a5-003.pdf", got)
	}
	for _, name := range []string{"all-a4.pdf", "all-a4-001.pdf", "all-letter-012.pdf"} {
		if !batchFileRE.MatchString(name) {
			t.Errorf("%s not recognised as a print-shop file", name)
		}
	}
	for _, name := range []string{"NT-001.pdf", "all-a4.pdf.tmp", "all-a4-1.pdf"} {
		if batchFileRE.MatchString(name) {
			t.Errorf("%s taken for a print-shop file", name)
		}
	}
}

// TestPlacardsSplitAndRefresh runs `diachido placards` on a site with more
// placards than fit one print-shop file (the file size lowered to 2), then
// again with nothing changed, then with the site fitting one file again.
func TestPlacardsSplitAndRefresh(t *testing.T) {
	defer func(n int) { batchSize = n }(batchSize)
	batchSize = 2
	dir := t.TempDir()
	src, out := filepath.Join(dir, "src"), filepath.Join(dir, "out")
	testsite.Write(t, src, baseSite()) // three placards: NT-001, NT-002, QN-M692
	opts := BuildOptions{Source: src, Output: out, CacheDir: filepath.Join(dir, "cache")}
	run := func() PlacardStats {
		t.Helper()
		var diags diag.List
		st, err := Placards(opts, nil, &diags)
		if err != nil {
			t.Fatalf("placards: %v\n%s", err, diags.String())
		}
		return st
	}
	exists := func(name string) bool {
		_, err := os.Stat(filepath.Join(out, filepath.FromSlash(name)))
		return err == nil
	}
	run()
	for _, name := range []string{"placards/all-a4-001.pdf", "placards/all-a4-002.pdf", "placards/NT-001.pdf", "placards/QN-M692.pdf"} {
		if !exists(name) {
			t.Errorf("no %s", name)
		}
	}
	if exists("placards/all-a4.pdf") {
		t.Errorf("all-a4.pdf written although the placards are split")
	}
	first, _ := os.ReadFile(filepath.Join(out, "placards", "all-a4-001.pdf"))
	if n := bytes.Count(first, []byte("/Type /Page ")); n != 2 {
		t.Errorf("all-a4-001.pdf has %d pages, want 2", n)
	}
	html, err := os.ReadFile(filepath.Join(out, "en", "placards", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"all-a4-001.pdf", "NT-001 – NT-002", "all-a4-002.pdf", "QN-M692 – QN-M692"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("placard page does not list %q", want)
		}
	}

	// Nothing changed: nothing is rewritten.
	old := time.Now().Add(-time.Hour)
	single := filepath.Join(out, "placards", "NT-001.pdf")
	if err := os.Chtimes(single, old, old); err != nil {
		t.Fatal(err)
	}
	if st := run(); st.Written != 0 || st.Files != 3+2+2 || st.UpToDate {
		t.Errorf("second run: %+v, want 7 files rendered, none written", st)
	}
	if info, err := os.Stat(single); err != nil || !info.ModTime().Equal(old) {
		t.Errorf("an unchanged placard was rewritten")
	}

	// Back to one file: the split files go.
	batchSize = 3
	run()
	if !exists("placards/all-a4.pdf") || exists("placards/all-a4-001.pdf") || exists("placards/all-a4-002.pdf") {
		t.Errorf("after shrinking below the batch size: want all-a4.pdf alone")
	}
}

// TestPlacardsAfterBuild: `diachido placards` on the output of a build
// from the same source has nothing to do; after an edit it renders again,
// writing only what changed.
func TestPlacardsAfterBuild(t *testing.T) {
	dir := t.TempDir()
	src, out := filepath.Join(dir, "src"), filepath.Join(dir, "out")
	files := baseSite()
	testsite.Write(t, src, files)
	opts := BuildOptions{Source: src, Output: out, CacheDir: filepath.Join(dir, "cache")}
	var diags diag.List
	if _, err := Build(opts, &diags); err != nil {
		t.Fatalf("build: %v\n%s", err, diags.String())
	}
	st, err := Placards(opts, nil, &diags)
	if err != nil || !st.UpToDate {
		t.Fatalf("placards after a build: %+v, %v; want up to date", st, err)
	}
	before, _ := os.ReadFile(filepath.Join(out, "placards", "NT-002.pdf"))
	f := "content/sites/dinh-phu-my/index.vi.md"
	testsite.Write(t, src, map[string]string{f: strings.Replace(files[f], "title: Đình Phú Mỹ", "title: Đình làng Phú Mỹ", 1)})
	st, err = Placards(opts, nil, &diags)
	if err != nil || st.UpToDate {
		t.Fatalf("placards after an edit: %+v, %v", st, err)
	}
	// NT-002.pdf, its page in all-a4.pdf and the two list pages changed.
	if st.Written != 4 {
		t.Errorf("after editing one title: %d files written, want 4", st.Written)
	}
	after, _ := os.ReadFile(filepath.Join(out, "placards", "NT-002.pdf"))
	if bytes.Equal(before, after) {
		t.Errorf("the edited entry's placard did not change")
	}
	if st, err := Placards(opts, []string{"NT-404"}, &diags); err == nil {
		t.Errorf("unknown ID: %+v, no error", st)
	}
}

// placardBench loads a synthetic site of n entries and returns it with
// its placard jobs (every placard in A4, the print-shop files, the list
// pages).
func placardBench(b *testing.B, n int, cacheDir string) (*Model, []job) {
	var diags diag.List
	m := Load(benchSite(n), LoadOptions{CacheDir: cacheDir}, &diags)
	if m == nil || diags.HasErrors() {
		b.Fatal(diags.String())
	}
	if err := m.loadCSS(); err != nil {
		b.Fatal(err)
	}
	jobs := m.placardJobs(nil)
	for _, lang := range m.Langs {
		jobs = append(jobs, m.placardsPageJob(lang))
	}
	return m, jobs
}

// BenchmarkPlacardsCold renders 1,000 placards and their print-shop files
// with no cache, on every core: `diachido placards` less the load.
func BenchmarkPlacardsCold(b *testing.B) {
	m, jobs := placardBench(b, 1000, "")
	for b.Loop() {
		if err := m.run(jobs, output.Discard{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N)/1000, "ms/placard")
}

// BenchmarkPlacardsUnchanged refreshes 1,000 placards in a built folder
// with the cache warm and nothing changed: `diachido placards` less the
// load.
func BenchmarkPlacardsUnchanged(b *testing.B) {
	dir := b.TempDir()
	m, jobs := placardBench(b, 1000, filepath.Join(dir, "cache"))
	w := &unchangedSkipper{root: dir, w: output.InPlace{Root: dir}}
	if err := m.run(jobs, w); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := m.run(jobs, w); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "µs/placard")
}
