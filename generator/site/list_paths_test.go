package site

import (
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/internal/testsite"
)

// The list pages' addresses take names an entry folder or a province
// could take: content.checkLists refuses them at the file and line.
func TestListAddressesThatCollideAreErrors(t *testing.T) {
	for name, c := range map[string]struct {
		file, text, want string
	}{
		"slug page": {"content/sites/page/index.vi.md", "---\nid: NT-009\ntitle: Trang\nsummary: S.\nprovince: Đồng Nai\ncategory: history\nrank: national\n---\nx\n",
			`content/sites/page/index.vi.md:1: folder name "page" is reserved`},
		"province collision": {"content/sites/dinh-x/index.vi.md", "---\nid: NT-009\ntitle: Đình X\nsummary: S.\nprovince: Dong Nai\ncategory: history\nrank: national\n---\nx\n",
			`content/sites/dinh-x/index.vi.md:5: province "Dong Nai" and "Đồng Nai" (content/sites/dia-dao-nhon-trach/index.vi.md:7) would share the page /<lang>/provinces/dong-nai/`},
		"province other": {"content/sites/dinh-x/index.vi.md", "---\nid: NT-009\ntitle: Đình X\nsummary: S.\nprovince: Khác\ncategory: history\nrank: national\n---\nx\n",
			`content/sites/dinh-x/index.vi.md:5: province "Khác" cannot have a page of its own`},
	} {
		t.Run(name, func(t *testing.T) {
			files := baseSite()
			files[c.file] = c.text
			var diags diag.List
			Load(testsite.MapFS(files), LoadOptions{NoPlacards: true}, &diags)
			if !strings.Contains(diags.String(), c.want) {
				t.Errorf("diagnostics lack %q:\n%s", c.want, diags.String())
			}
		})
	}
}
