package site

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/internal/testsite"
)

func TestLedgerKeepsPrintedIDsResolving(t *testing.T) {
	dir := t.TempDir()
	src, out := filepath.Join(dir, "src"), filepath.Join(dir, "out")
	testsite.Write(t, src, baseSite())
	build := func() (*diag.List, error) {
		var diags diag.List
		_, err := Build(BuildOptions{Source: src, Output: out}, &diags)
		return &diags, err
	}
	if d, err := build(); err != nil {
		t.Fatalf("%v\n%s", err, d)
	}
	lock, err := os.ReadFile(filepath.Join(src, LedgerFile))
	if err != nil {
		t.Fatal("build did not write ids.lock")
	}
	for _, want := range []string{"\nNT-001 sites/dia-dao-nhon-trach\n", "\nNT-002 sites/dinh-phu-my\n", "\nQN-M692 markers/cot-moc-692\n", "\nABOUT pages/about\n"} {
		if !strings.Contains(string(lock), want) {
			t.Errorf("ids.lock lacks %q:\n%s", want, lock)
		}
	}

	// Renaming a folder moves the page, never the ID's link.
	os.Rename(filepath.Join(src, "content/sites/dinh-phu-my"), filepath.Join(src, "content/sites/dinh-phu-my-xa-phu-hoi"))
	if d, err := build(); err != nil {
		t.Fatalf("%v\n%s", err, d)
	}
	lock, _ = os.ReadFile(filepath.Join(src, LedgerFile))
	if !strings.Contains(string(lock), "\nNT-002 sites/dinh-phu-my-xa-phu-hoi\n") {
		t.Errorf("ids.lock did not follow the rename:\n%s", lock)
	}
	short, _ := os.ReadFile(filepath.Join(out, "p/NT-002/index.html"))
	if !strings.Contains(string(short), `"vi":"/vi/sites/dinh-phu-my-xa-phu-hoi/"`) {
		t.Errorf("/p/NT-002/ does not follow the rename:\n%s", short)
	}

	// Deleting an entry whose ID was printed fails, naming the ID.
	os.RemoveAll(filepath.Join(src, "content/markers/cot-moc-692"))
	d, err := build()
	if err != ErrContent {
		t.Fatalf("deleting a printed entry: err %v", err)
	}
	line := 0
	for i, l := range strings.Split(string(lock), "\n") {
		if strings.HasPrefix(l, "QN-M692 ") {
			line = i + 1
		}
	}
	want := "ids.lock:" + strconv.Itoa(line) + ": ID QN-M692 was published (markers/cot-moc-692) but no entry has it now"
	if !strings.Contains(d.String(), want) {
		t.Errorf("diagnostics lack %q:\n%s", want, d)
	}

	// Retired to a replacement: passes, and the old link opens the new entry.
	siteYAML := baseSite()["site.yaml"]
	testsite.Write(t, src, map[string]string{"site.yaml": siteYAML + "retired:\n  QN-M692: {replacedBy: NT-001}\n"})
	if d, err := build(); err != nil {
		t.Fatalf("retired: %v\n%s", err, d)
	}
	short, _ = os.ReadFile(filepath.Join(out, "p/QN-M692/index.html"))
	if !strings.Contains(string(short), `"vi":"/vi/sites/dia-dao-nhon-trach/"`) {
		t.Errorf("/p/QN-M692/ does not open the replacement:\n%s", short)
	}
	redirects, _ := os.ReadFile(filepath.Join(out, "_redirects"))
	if !strings.Contains(string(redirects), "/p/QN-M692/ /p/NT-001/ 301\n") {
		t.Errorf("_redirects:\n%s", redirects)
	}

	// Retired with a notice: the old link explains what happened.
	testsite.Write(t, src, map[string]string{"site.yaml": siteYAML + "retired:\n  QN-M692:\n    notice:\n      vi: Mốc đã được thay thế năm 2026.\n      en: The marker was replaced in 2026.\n"})
	if d, err := build(); err != nil {
		t.Fatalf("notice: %v\n%s", err, d)
	}
	notice, _ := os.ReadFile(filepath.Join(out, "p/QN-M692/index.html"))
	if !strings.Contains(string(notice), `<p lang="en">The marker was replaced in 2026.</p>`) {
		t.Errorf("retired notice page:\n%s", notice)
	}
}
