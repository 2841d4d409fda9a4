package site

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/diachido/diachido/generator/placard"
)

// An upgraded Lao font changes the fingerprint of a build with placards:
// the font is read from outside the site source, so no recorded input
// would show the change.
func TestLaoFontEntersTheFingerprint(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "Lao-Regular.ttf")
	saved := placard.LaoFontFiles
	t.Cleanup(func() {
		placard.LaoFontFiles = saved
		laoKeyOnce, laoKey = sync.Once{}, ""
	})
	placard.LaoFontFiles = [][2]string{{reg, filepath.Join(dir, "Lao-Bold.ttf")}}
	key := func() string {
		laoKeyOnce, laoKey = sync.Once{}, ""
		return string(optionsKey(BuildOptions{}))
	}
	none := key()
	if err := os.WriteFile(reg, []byte("font v1"), 0o644); err != nil {
		t.Fatal(err)
	}
	v1 := key()
	if err := os.WriteFile(reg, []byte("font v2"), 0o644); err != nil {
		t.Fatal(err)
	}
	v2 := key()
	if none == v1 || v1 == v2 {
		t.Errorf("the options key does not follow the Lao font: none %q, v1 %q, v2 %q", none, v1, v2)
	}
	laoKeyOnce, laoKey = sync.Once{}, ""
	if a, b := string(optionsKey(BuildOptions{NoPlacards: true})), string(optionsKey(BuildOptions{NoPlacards: true})); a != b || a == v2 {
		t.Errorf("a build without placards depends on the font")
	}
}
