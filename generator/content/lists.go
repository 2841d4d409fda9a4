package content

import "github.com/diachido/diachido/generator/diag"

// The addresses of the lists (issue 17): a list of more entries than fit
// one page continues at /<lang>/<kind>/page/2/, and each province has a
// page at /<lang>/provinces/<slug>/. Both shapes take names an entry or a
// province could also take; these checks keep them apart.

// PageSlug is the folder name no listed entry may have: /<lang>/<kind>/page/
// is where the list of its kind goes on after its first page. It is
// refused for every kind with a list (sites, markers, tours, exhibitions),
// whether or not its list is long enough to need a second page today, so
// that an entry never has to move when the site grows.
const PageSlug = "page"

// NoProvinceSlug is the address of the province page of the sites and
// markers that name no province: /<lang>/provinces/khac/ ("khác": other).
// A province whose name slugifies to it is an error.
const NoProvinceSlug = "khac"

// ProvinceSlug is the address of a province's page: its default-language
// name slugified (the same address in every language), or NoProvinceSlug
// for none.
func ProvinceSlug(name string) string {
	if name == "" {
		return NoProvinceSlug
	}
	return Slugify(name)
}

// checkLists refuses an entry folder named PageSlug in a listed kind, and
// two province names that take the same address (or NoProvinceSlug's, or
// none: a name of punctuation alone), naming both files.
func checkLists(site *Collection, diags *diag.List) {
	type first struct {
		name string
		doc  *Doc
	}
	provinces := map[string]first{}
	for _, e := range site.Entries {
		if e.Slug == PageSlug && e.Kind != Page {
			diags.Errorf(pos(e.Default.File, 1), "folder name %q is reserved: /<lang>/%s/page/2/ is where the list of %s goes on; rename the folder %s, e.g. %s-1", PageSlug, e.Kind, e.Kind, e.Dir, PageSlug)
		}
		if !e.Kind.Located() {
			continue
		}
		d := e.Default
		name := d.Front.Province
		if name == "" {
			continue
		}
		line := d.Line("province")
		if line == 0 {
			line = 1
		}
		slug := ProvinceSlug(name)
		switch prev, seen := provinces[slug]; {
		case slug == "" || slug == NoProvinceSlug:
			diags.Errorf(pos(d.File, line), "province %q cannot have a page of its own: /<lang>/provinces/%s/ is the page of entries with no province; write the province's full name", name, NoProvinceSlug)
		case seen && prev.name != name:
			diags.Errorf(pos(d.File, line), "province %q and %q (%s:%d) would share the page /<lang>/provinces/%s/: write the same province the same way in both", name, prev.name, prev.doc.File, prev.doc.Line("province"), slug)
		case !seen:
			provinces[slug] = first{name, d}
		}
	}
}
