package site

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"testing/fstest"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/internal/testsite"
)

// placardGolden is the SHA-256 of one placard's PDF under each
// placardVersion. Cached placards are reused by a key that holds the
// version, not the writer's code: when this test fails, the writer's
// bytes changed, so bump placardVersion (or old PDFs keep being handed
// out from every cache) and record the new digest under the new version.
// (A change to testsite.Inputs changes the digest too: record it then.)
var placardGolden = map[string]string{
	"placard-3": "1cd67343c641b053da3a15d621a78ac998517878103cde231c0f9233f4beb808",
	// placard-4: Lao shaped in a Lao face, a second language's summary, and
	// a character without a glyph left out rather than printed as U+FFFD.
	// A Vietnamese and English placard such as this one keeps its bytes.
	"placard-4": "1cd67343c641b053da3a15d621a78ac998517878103cde231c0f9233f4beb808",
}

func TestPlacardBytesChangeOnlyWithTheVersion(t *testing.T) {
	fsys := fstest.MapFS{}
	for name, data := range testsite.Inputs() {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	var diags diag.List
	m := Load(fsys, LoadOptions{}, &diags)
	if m == nil || diags.HasErrors() {
		t.Fatal(diags.String())
	}
	p, err := m.Plan()
	if err != nil {
		t.Fatal(err)
	}
	pdf, ok, err := p.Render(testsite.Placard)
	if !ok || err != nil {
		t.Fatalf("%s: %v", testsite.Placard, err)
	}
	sum := sha256.Sum256(pdf)
	got := hex.EncodeToString(sum[:])
	want, known := placardGolden[placardVersion]
	if !known || got != want {
		t.Errorf("placard bytes under %s are %s, recorded %q: if the placard writer changed, bump placardVersion and record this digest under it", placardVersion, got, want)
	}
}
