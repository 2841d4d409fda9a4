package site

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/markdown"
	"github.com/diachido/diachido/generator/output"
)

// benchSite is a synthetic site of n entries in vi and en, shaped like
// ../shared/bench/gencorpus's output.
func benchSite(n int) fstest.MapFS {
	fsys := fstest.MapFS{
		"site.yaml": {Data: []byte("baseURL: https://diachido.example.vn/\nlanguages:\n  - {code: vi, name: VI, title: Địa chỉ đỏ}\n  - {code: en, name: EN, title: Red addresses}\norganization: Tỉnh đoàn\nidPrefix: BN\n")},
	}
	body := strings.Repeat("Đình làng được dựng lại sau kháng chiến, với **mái ngói** và cổng tam quan; xem [đình bên cạnh](id:BN-00001).\n\n", 8)
	for i := 1; i <= n; i++ {
		kind, slug := "sites", fmt.Sprintf("di-tich-%05d", i)
		extra := "category: history\nrank: provincial\naddress: Xã 1\n"
		if i%10 == 0 {
			kind, slug = "markers", fmt.Sprintf("cot-moc-%05d", i)
			extra = fmt.Sprintf("marker: {number: \"%d\", type: main, border: VN-LA, year: 2008}\n", i)
		}
		front := fmt.Sprintf("---\nid: BN-%05d\ntitle: Di tích số %d\nsummary: Một di tích lịch sử tiêu biểu của tỉnh, số %d.\nlocation: {lat: %.4f, lng: %.4f}\nprovince: Tỉnh %d\ndistrict: Huyện %d\n%ssources: [{title: Sở VHTTDL}]\nupdated: 2026-01-01\n---\n", i, i, i, 10+float64(i%900)/100, 104+float64(i%700)/100, i%63, i%700, extra)
		fsys["content/"+kind+"/"+slug+"/index.vi.md"] = &fstest.MapFile{Data: []byte(front + body)}
		fsys["content/"+kind+"/"+slug+"/index.en.md"] = &fstest.MapFile{Data: []byte(fmt.Sprintf("---\ntitle: Relic %d\nsummary: A typical relic, number %d.\n---\n", i, i) + body)}
	}
	return fsys
}

func BenchmarkLoad1000(b *testing.B) {
	fsys := benchSite(1000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var diags diag.List
		if m := Load(fsys, LoadOptions{NoPlacards: true}, &diags); m == nil || diags.HasErrors() {
			b.Fatal(diags.String())
		}
	}
}

func BenchmarkMarkdown(b *testing.B) {
	src := []byte(strings.Repeat("Đình làng được dựng lại sau kháng chiến, với **mái ngói** và [cổng](id:BN-00001).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n", 8))
	md := markdown.New()
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := md.Render(src, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRender1000 renders every page of a 1,000-entry site (no
// placards) into memory: templates, Markdown, views.
func BenchmarkRender1000(b *testing.B) {
	var diags diag.List
	m := Load(benchSite(1000), LoadOptions{NoPlacards: true}, &diags)
	if m == nil || diags.HasErrors() {
		b.Fatal(diags.String())
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := m.Render(output.Discard{}); err != nil {
			b.Fatal(err)
		}
	}
}
