package site

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/diachido/diachido/internal/testsite"
)

// TestEveryKindOfInputRebuilds: after a build, an unchanged rebuild is
// skipped, and a change to any kind of input (site.yaml, an entry, a
// photo, audio, a file published as it is, i18n/, a theme's layout and
// stylesheet, the logo, ids.lock) makes the next build build, and write
// what changed: a new logo is on every placard.
func TestEveryKindOfInputRebuilds(t *testing.T) {
	for _, ed := range testsite.Edits() {
		t.Run(ed.Kind, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			src, out := filepath.Join(dir, "src"), filepath.Join(dir, "out")
			testsite.Write(t, src, testsite.Inputs())
			opts := BuildOptions{Source: src, Output: out, CacheDir: filepath.Join(dir, "cache")}
			build := func() Stats { t.Helper(); return mustBuild(t, opts) }
			if st := build(); st.UpToDate || st.Placards == 0 {
				t.Fatalf("first build: %+v", st)
			}
			if st := build(); !st.UpToDate {
				t.Fatal("an unchanged rebuild was not skipped")
			}
			before := testsite.Read(t, out)
			ed.Apply(t, src)
			if st := build(); st.UpToDate {
				t.Fatalf("after an edit of the %s, the build said up to date", ed.Kind)
			}
			after := testsite.Read(t, out)
			if ed.Changes != "" && !testsite.Changed(before, after, ed.Changes) {
				t.Errorf("after an edit of the %s, %s is unchanged", ed.Kind, ed.Changes)
			}
			if ed.EveryPlacard {
				n := 0
				for name, b := range after {
					if strings.HasPrefix(name, "placards/") && strings.HasSuffix(name, ".pdf") {
						n++
						if bytes.Equal(before[name], b) {
							t.Errorf("%s kept the old %s", name, ed.Kind)
						}
					}
				}
				if n < 2 {
					t.Errorf("only %d placard files", n)
				}
			}
			if st := build(); !st.UpToDate {
				t.Error("the build after the edit's build was not skipped")
			}
		})
	}
}
