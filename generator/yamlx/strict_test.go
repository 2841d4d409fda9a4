package yamlx_test

import (
	"fmt"
	"reflect"
	"sort"
	"testing"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/yamlx"
)

var strictSeeds = []string{
	"id: NT-001\ntitle: Đình\nsummary: Một câu.\nlocation: {lat: 10.7, lng: 106.8}\n",
	"id: NT-001\ncategry: history\ntitle: x\n",
	"location: {lat: 10.7, lgn: 106.8, lng: x}\nmarker: {number: 1, typ: main}\n",
	"photos:\n  - src: a.jpg\n    alt: A\n    captoin: B\n  - {src: b.jpg, alt: 1, credit: [x]}\n",
	"videos: {url: x}\naudio: [a, {src: b.mp3, titel: c}]\nsources:\n  - title: t\n    url: u\n    extra: 1\n",
	"title: a\ntitle: b\nrecognized: nineteen\nweight: 1.5\ndraft: maybe\n",
	"params: {a: 1, b: [1, 2]}\ntags: [a, b]\nstops: NT-001\n",
	"base: &b {lat: 1, lng: 2, zz: 3}\nlocation: *b\n",
	"location:\n  <<: {lat: 1, lng: 2, q: 1}\n",
	"[1, 2]\n", "just text\n", "? [a, b]\n: c\n", "{a: 1}: b\n", "id: ~\nlocation: ~\nphotos: [~, {}]\n",
}

// FuzzDecodeMatchesStrict: Decode (one parse) reports the same problems and
// fills in the same values as yaml.v3's own strict decoder after a parse of
// its own.
func FuzzDecodeMatchesStrict(f *testing.F) {
	for _, s := range strictSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 4<<10 {
			return
		}
		var got, want content.Front
		gn, gp := yamlx.Decode(src, &got, 1)
		wn, wp := yamlx.DecodeStrict(src, &want, 1)
		if (gn == nil) != (wn == nil) {
			t.Fatalf("tree: %v, strict %v\nin: %q", gn != nil, wn != nil, src)
		}
		if a, b := problemList(gp), problemList(wp); a != b {
			t.Fatalf("problems:\n%s\nstrict:\n%s\nin: %q", a, b, src)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("decoded %+v\nstrict  %+v\nin: %q", got, want, src)
		}
	})
}

func problemList(ps []yamlx.Problem) string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%d: %s", p.Line, p.Message))
	}
	sort.Strings(out)
	return fmt.Sprint(out)
}
