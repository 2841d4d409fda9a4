package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/internal/testsite"
)

const scansJSON = `{
  "scans": {
    "NT-001": {"total": 37, "months": {"2026-10": 20, "2026-11": 17}},
    "QN-M692": {"total": 0, "months": {}}
  },
  "views": {"NT-001": {"total": 90, "months": {"2026-11": 90}}},
  "unknown": {"NT-404": {"total": 2, "months": {"2026-11": 2}}},
  "coverage": {"whatever": [1, 2, 3]},
  "period": {"from": "2026-01", "to": "2026-11"}
}
`

func TestPlacardListShowsTheLifeOfEachPlacardAndItsScans(t *testing.T) {
	files := baseSite()
	files["content/sites/dia-dao-nhon-trach/index.vi.md"] = strings.Replace(files["content/sites/dia-dao-nhon-trach/index.vi.md"], "updated: 2026-03-26\n",
		"updated: 2026-03-26\nplacard:\n  installed: 2023-06-01\n  material: nhôm\n  location: cổng chính\n", 1)
	files["content/sites/dia-dao-nhon-trach/index.en.md"] = strings.Replace(files["content/sites/dia-dao-nhon-trach/index.en.md"], "summary:", "placard: {location: main gate, material: aluminium}\nsummary:", 1)
	files["content/sites/dinh-phu-my/index.vi.md"] = strings.Replace(files["content/sites/dinh-phu-my/index.vi.md"], "rank: provincial\n",
		"rank: provincial\nplacard: {installed: 2023-06-01, checked: 2026-03-26}\n", 1)

	// No report yet: dates, no scans column.
	mem := buildMem(t, files)
	vi := page(t, mem, "vi/placards/index.html")
	for _, want := range []string{
		"<th>Ngày gắn</th><th>Kiểm tra</th><th>Tệp PDF</th>",
		"<td data-label=\"Ngày gắn\">ngày 1 tháng 6 năm 2023<br><small>cổng chính</small><br><small>nhôm</small></td><td data-label=\"Kiểm tra\"><strong class=\"needs-check\">cần kiểm tra</strong></td>",
		"<td data-label=\"Ngày gắn\">ngày 1 tháng 6 năm 2023</td><td data-label=\"Kiểm tra\">ngày 26 tháng 3 năm 2026</td>",
		"tính đến ngày 26 tháng 3 năm 2026",
	} {
		if !strings.Contains(vi, want) {
			t.Errorf("the Vietnamese placard list lacks %q:\n%s", want, vi)
		}
	}
	if strings.Contains(vi, "Lượt quét") {
		t.Errorf("the list has a scans column without reports/scans.json")
	}
	en := page(t, mem, "en/placards/index.html")
	if !strings.Contains(en, "<small>main gate</small><br><small>aluminium</small>") || !strings.Contains(en, "needs checking") {
		t.Errorf("the English placard list does not say where the placard hangs in English:\n%s", en)
	}

	files["reports/scans.json"] = scansJSON
	mem = buildMem(t, files)
	vi = page(t, mem, "vi/placards/index.html")
	for _, want := range []string{
		"<p>Lượt quét từ 2026-01 đến 2026-11 (reports/scans.json).</p>",
		"<th>Lượt quét</th><th>Tệp PDF</th>",
		"</td><td data-label=\"Lượt quét\">37</td><td data-label=\"Tệp PDF\">",
		"tính đến ngày 30 tháng 11 năm 2026", // the report's last month is the newest date now
	} {
		if !strings.Contains(vi, want) {
			t.Errorf("with reports/scans.json, the list lacks %q:\n%s", want, vi)
		}
	}
	// Dinh Phu My, checked in March 2026, has no scans in the report: 0.
	if !strings.Contains(vi, "<td data-label=\"Ngày gắn\">ngày 1 tháng 6 năm 2023</td><td data-label=\"Kiểm tra\">ngày 26 tháng 3 năm 2026</td><td data-label=\"Lượt quét\">0</td>") {
		t.Errorf("a placard the report does not name shows no 0:\n%s", vi)
	}
}

func TestBrokenScansFileNamesItsLine(t *testing.T) {
	for body, want := range map[string]string{
		"{\n  \"scans\": {\n    \"NT-001\": {\"total\": 37,}\n  }\n}\n":                 "reports/scans.json:3: not valid JSON (invalid character '}' looking for beginning of object key string): write it again with diachido report -format json -output reports/scans.json",
		"{\n  \"scans\": {\n    \"NT-001\": {\"total\": \"37\"}\n  }\n}\n":              "reports/scans.json:3: scans.total must be a whole number here, not a JSON string",
		"{\"scans\": {},\n \"period\": {\"from\": \"01/2026\", \"to\": \"2026-11\"}}\n": `reports/scans.json:2: period month "01/2026" must be written 2026-11`,
	} {
		files := baseSite()
		files["reports/scans.json"] = body
		var diags diag.List
		Load(testsite.MapFS(files), LoadOptions{NoPlacards: true}, &diags)
		errs := diags.Errors()
		if len(errs) != 1 || !strings.HasPrefix(errs[0].String(), want) {
			got := diags.String()
			t.Errorf("%s:\n got %s\nwant %s", body, got, want)
		}
	}
}

// reports/scans.json is a build input: a new report rebuilds the list,
// though no other file changed.
func TestNewScansReportRebuildsThePlacardList(t *testing.T) {
	src := testsite.Dir(t, baseSite())
	out := filepath.Join(t.TempDir(), "public")
	build := func() string {
		var diags diag.List
		if _, err := Build(BuildOptions{Source: src, Output: out, NoPlacards: true}, &diags); err != nil || diags.HasErrors() {
			t.Fatalf("build: %v\n%s", err, diags.String())
		}
		b, err := os.ReadFile(filepath.Join(out, "vi/placards/index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if strings.Contains(build(), "Lượt quét") {
		t.Fatal("scans shown before there is a report")
	}
	testsite.Write(t, src, map[string]string{"reports/scans.json": scansJSON})
	if !strings.Contains(build(), ">37</td>") {
		t.Error("a new reports/scans.json did not rebuild the placard list")
	}
	testsite.EditFile(t, src, "reports/scans.json", `"total": 37`, `"total": 38`)
	if !strings.Contains(build(), ">38</td>") {
		t.Error("a changed reports/scans.json did not rebuild the placard list")
	}
}

// Where a placard hangs and what it is made of are an editor's free text:
// the list shows them as text.
func TestPlacardTextIsEscaped(t *testing.T) {
	files := baseSite()
	files["content/sites/dinh-phu-my/index.vi.md"] = strings.Replace(files["content/sites/dinh-phu-my/index.vi.md"], "rank: provincial\n",
		"rank: provincial\nplacard:\n  installed: 2026-01-01\n  location: \"<script>alert(1)</script>\"\n  material: \"<img src=x onerror=alert(1)>\"\n", 1)
	mem := buildMem(t, files)
	p := page(t, mem, "vi/placards/index.html")
	if !strings.Contains(p, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the location is not shown as text:\n%s", p)
	}
	assertNoInjectedScript(t, "vi/placards/index.html", p)
}
