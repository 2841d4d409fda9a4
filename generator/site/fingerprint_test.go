package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/inputs"
	"github.com/diachido/diachido/internal/testsite"
)

// mustBuild builds, failing the test on any error.
func mustBuild(t testing.TB, opts BuildOptions) Stats {
	t.Helper()
	var diags diag.List
	st, err := Build(opts, &diags)
	if err != nil {
		t.Fatalf("%v\n%s", err, diags.String())
	}
	return st
}

func TestUnchangedRebuildIsSkippedAndChangesAreNot(t *testing.T) {
	dir := t.TempDir()
	src, out := filepath.Join(dir, "src"), filepath.Join(dir, "out")
	testsite.Write(t, src, baseSite())
	build := func(opts BuildOptions) Stats { t.Helper(); return mustBuild(t, opts) }
	// Without a cache folder (-cache-dir off) the list of inputs is kept
	// in the user's cache folder.
	t.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "user-cache"))
	opts := BuildOptions{Source: src, Output: out, NoPlacards: true}
	if st := build(opts); st.UpToDate || st.Pages == 0 {
		t.Fatalf("first build: %+v", st)
	}
	if st := build(opts); !st.UpToDate {
		t.Error("an unchanged rebuild was not skipped")
	}
	// A different option is a different output.
	withDrafts := opts
	withDrafts.Drafts = true
	if st := build(withDrafts); st.UpToDate {
		t.Error("a build with other options was skipped")
	}
	// An edited file is rebuilt, and the page shows the edit.
	p := filepath.Join(src, "content/sites/dinh-phu-my/index.vi.md")
	b, _ := os.ReadFile(p)
	os.WriteFile(p, append(b, []byte("\nĐoạn mới.\n")...), 0o644)
	if st := build(withDrafts); st.UpToDate {
		t.Fatal("an edited source was not rebuilt")
	}
	page, _ := os.ReadFile(filepath.Join(out, "vi/sites/dinh-phu-my/index.html"))
	if !contains(page, "Đoạn mới.") {
		t.Error("the rebuilt page lacks the edit")
	}
}

func contains(b []byte, s string) bool { return strings.Contains(string(b), s) }

func TestProgressCountsEveryFileWritten(t *testing.T) {
	dir := t.TempDir()
	src, out := filepath.Join(dir, "src"), filepath.Join(dir, "out")
	testsite.Write(t, src, baseSite())
	p := &Progress{}
	var diags diag.List
	st, err := Build(BuildOptions{Source: src, Output: out, Progress: p}, &diags)
	if err != nil {
		t.Fatalf("%v\n%s", err, diags.String())
	}
	done, total, pl, pls := p.Counts()
	if total == 0 || done != total || pls != int64(st.Placards) || pl != pls || pls == 0 {
		t.Errorf("progress %d/%d files, %d/%d placards; stats %+v", done, total, pl, pls, st)
	}
}

// A build fingerprints the files its load read whole from the digests the
// recording FS took while reading them: the result must be what reading
// every input again gives, or the next build would not be skipped.
func TestFingerprintFromRecordedDigests(t *testing.T) {
	src := filepath.Join(t.TempDir(), "src")
	testsite.Write(t, src, baseSite())
	opts := BuildOptions{Source: src, NoPlacards: true}
	var diags diag.List
	rec := dirFS(src)
	m := Load(rec, opts.load(), &diags)
	if m == nil || diags.HasErrors() {
		t.Fatal(diags.String())
	}
	got, list, err := fingerprint(opts, rec, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := inputs.Digest(os.DirFS(src), list, nil, nil, optionsKey(opts))
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("fingerprint from the load's digests %s, from reading %s", got, want)
	}
}
