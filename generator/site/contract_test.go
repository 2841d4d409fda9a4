package site

import (
	"io/fs"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/diachido/diachido/themes"
)

// The theme contract (themes/doc.go) names every field and method a
// template may use, and every layout of the default theme: a field added
// to a view without a word there is a field no theme author knows of.
func TestThemeContractIsDocumented(t *testing.T) {
	b, err := os.ReadFile("../../themes/doc.go")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	views := []any{
		Page{}, SiteView{}, Alt{}, NavItem{}, LinkView{}, ListView{}, Group{},
		CountLink{}, PagerView{}, PagerLink{},
		EntryView{}, Fact{}, PhotoView{}, VideoView{}, AudioView{}, GeoView{},
		NearbyView{}, MapView{}, ShortView{}, RetiredView{}, SearchView{},
		PlacardsView{}, PlacardRow{}, BatchView{},
		OfflinePack{}, OfflineSetup{}, SketchView{}, SketchPoint{}, ScaleBar{},
		StoryView{}, SectionView{}, SectionLink{}, BlockView{}, FigureView{},
		ZoomView{}, CompareView{},
	}
	for _, v := range views {
		typ := reflect.TypeOf(v)
		if !strings.Contains(doc, typ.Name()) {
			t.Errorf("themes/doc.go does not describe %s", typ.Name())
		}
		for i := range typ.NumField() {
			if f := typ.Field(i); f.IsExported() && !strings.Contains(doc, "."+f.Name) {
				t.Errorf("themes/doc.go does not name %s.%s", typ.Name(), f.Name)
			}
		}
		ptr := reflect.PointerTo(typ)
		for i := range ptr.NumMethod() {
			if name := ptr.Method(i).Name; !strings.Contains(doc, "."+name) {
				t.Errorf("themes/doc.go does not name the method %s.%s", typ.Name(), name)
			}
		}
	}
	for name := range funcs() {
		if !strings.Contains(doc, "{{"+name+" ") {
			t.Errorf("themes/doc.go does not name the template function %s", name)
		}
	}
	layouts, _ := fs.Glob(themes.Default(), "layouts/*.html")
	for _, l := range layouts {
		name := strings.TrimSuffix(strings.TrimPrefix(l, "layouts/"), ".html")
		if name != "base" && !strings.Contains(doc, "\n//\t"+name+" ") {
			t.Errorf("themes/doc.go's table of layouts lacks %s", name)
		}
	}
}
