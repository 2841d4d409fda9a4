package site

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/placard"
	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/pdfcheck"
	"github.com/diachido/diachido/internal/testsite"
)

// laoSite is a guide in Vietnamese and Lao whose placards print both: a
// border marker with a Lao translation (ຫຼັກໝາຍ, "border marker"), and a
// relic site without one.
const laoSite = `A Vietnamese–Lao guide.
-- site.yaml --
baseURL: https://guide.example.vn/
languages:
  - code: vi
    name: Tiếng Việt
    title: Địa chỉ đỏ biên giới
  - code: lo
    name: ລາວ
    title: ທີ່ຢູ່ສີແດງ ຊາຍແດນ
organization: Đồn Biên phòng A Xan
placards:
  languages: [vi, lo]
-- content/markers/cot-moc-676/index.vi.md --
---
id: QN-M676
title: Cột mốc 676
summary: Cột mốc chính trên biên giới Việt Nam – Lào, trên đỉnh núi.
location: {lat: 15.6012, lng: 107.3755}
province: Quảng Nam
marker: {number: "676", type: main, border: VN-LA, year: 2008}
---
Mốc.
-- content/markers/cot-moc-676/index.lo.md --
---
title: ຫຼັກໝາຍ 676
summary: ຫຼັກໝາຍຊາຍແດນລະຫວ່າງລາວ ແລະ ຫວຽດນາມ ຢູ່ເທິງສັນພູ.
---
ຫຼັກໝາຍ.
-- content/sites/dinh-a/index.vi.md --
---
id: QN-001
title: Đình A Xan
summary: Một di tích ở xã A Xan.
location: {lat: 15.7, lng: 107.4}
province: Quảng Nam
category: history
---
Đình.
`

func needLaoFont(t *testing.T) {
	t.Helper()
	if _, err := laoFonts(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

func loadDiags(t *testing.T, files map[string]string) (*Model, *diag.List) {
	t.Helper()
	diags := &diag.List{}
	m := Load(testsite.MapFS(files), LoadOptions{}, diags)
	return m, diags
}

// The placard of a marker with a Lao translation prints its Lao title
// exactly (pdftotext), validates, and its code opens the marker.
func TestLaoPlacardPrintsTheLaoTitle(t *testing.T) {
	needLaoFont(t)
	m, diags := loadDiags(t, testsite.Parse(laoSite))
	if m == nil || diags.HasErrors() || len(diags.Warnings()) > 0 && strings.Contains(diags.String(), "placard cannot print") {
		t.Fatalf("load:\n%s", diags.String())
	}
	p, err := m.Plan()
	if err != nil {
		t.Fatal(err)
	}
	pdf, ok, err := p.Render(Placard("QN-M676", "A4"))
	if !ok || err != nil {
		t.Fatalf("placard: %v %v", ok, err)
	}
	if err := pdfcheck.Strict(pdf); err != nil {
		t.Errorf("pdfcpu: %v", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "QN-M676.pdf")
	os.WriteFile(path, pdf, 0o644)
	browsertest.Need(t, "pdftotext", "poppler-utils")
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := string(out)
	for _, want := range []string{"ຫຼັກໝາຍ 676", "Cột mốc 676", "ຫຼັກໝາຍຊາຍແດນລະຫວ່າງລາວ ແລະ ຫວຽດນາມ ຢູ່ເທິງສັນພູ."} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "Mốc chính số 676"); n != 1 {
		t.Errorf("the kind line is printed %d times (Lao has no interface strings here, so no second kind line):\n%s", n, text)
	}
	browsertest.Need(t, "qpdf", "qpdf")
	if err := pdfcheck.QPDF(path); err != nil {
		t.Errorf("qpdf: %v", err)
	}
	browsertest.Need(t, "zbarimg", "zbar-tools")
	exec.Command("pdftoppm", "-r", "100", "-png", "-singlefile", path, filepath.Join(dir, "p")).Run()
	code, err := exec.Command("zbarimg", "--raw", "-q", filepath.Join(dir, "p.png")).Output()
	if got := strings.TrimSpace(string(code)); err != nil || got != "https://guide.example.vn/p/QN-M676/" {
		t.Errorf("QR code reads %q (%v)", got, err)
	}

	// The site without a Lao translation prints Vietnamese alone.
	pdf, _, _ = p.Render(Placard("QN-001", "A4"))
	os.WriteFile(path, pdf, 0o644)
	out, _ = exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if strings.ContainsFunc(string(out), func(r rune) bool { return r >= 0x0E80 && r <= 0x0EFF }) {
		t.Errorf("an entry without a Lao translation prints Lao:\n%s", out)
	}
}

// check warns about each character of placard text the fonts cannot draw,
// naming the file, line and character; the placard leaves it out.
func TestCheckWarnsAboutCharactersPlacardsCannotPrint(t *testing.T) {
	needLaoFont(t)
	files := testsite.Parse(laoSite)
	files["content/markers/cot-moc-676/index.lo.md"] = strings.Replace(files["content/markers/cot-moc-676/index.lo.md"], "title: ຫຼັກໝາຍ 676", "title: ຫຼັກໝາຍ 676 😀", 1)
	files["content/sites/dinh-a/index.vi.md"] = strings.Replace(files["content/sites/dinh-a/index.vi.md"], "summary: Một di tích", "summary: Chùa ព្រះ, một di tích", 1)
	files["site.yaml"] = strings.Replace(files["site.yaml"], "organization: Đồn Biên phòng A Xan", "organization: Đồn Biên phòng A Xan 🏯", 1)
	m, diags := loadDiags(t, files)
	if m == nil || diags.HasErrors() {
		t.Fatal(diags.String())
	}
	got := diags.String()
	for _, want := range []string{
		`content/markers/cot-moc-676/index.lo.md:2: warning: placard cannot print "😀" (U+1F600) in the title: the placard fonts have no glyph for it`,
		`content/sites/dinh-a/index.vi.md:4: warning: placard cannot print "ព" (U+1796), "្" (U+17D2), "រ" (U+179A), "ះ" (U+17C7) in the summary: the placard fonts have no glyph for them, so the placard leaves them out`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("check lacks\n  %s\nin:\n%s", want, got)
		}
	}
	if n := strings.Count(got, `"🏯"`); n != 1 || !strings.Contains(got, `site.yaml:9: warning: placard cannot print "🏯" (U+1F3EF) in the organization`) {
		t.Errorf("the organization's character is reported %d times, want once at site.yaml:9:\n%s", n, got)
	}
	p, _ := m.Plan()
	pdf, _, err := p.Render(Placard("QN-M676", "A4"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "p.pdf")
	os.WriteFile(path, pdf, 0o644)
	browsertest.Need(t, "pdftotext", "poppler-utils")
	out, _ := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if !strings.Contains(string(out), "ຫຼັກໝາຍ 676") || strings.Contains(string(out), "😀") {
		t.Errorf("placard text:\n%s", out)
	}
}

// Placards in Lao without a Lao font: one error naming site.yaml's line and
// what to install.
func TestLaoPlacardsWithoutTheFontFail(t *testing.T) {
	defer func(f func() (*placard.Fonts, error)) { laoFonts = f }(laoFonts)
	laoFonts = func() (*placard.Fonts, error) {
		return readLaoFonts([][2]string{{"/nonexistent/NotoSansLao-Regular.ttf", ""}})
	}
	_, diags0 := loadDiags(t, testsite.Parse(laoSite))
	errs := diags0.Errors()
	if len(errs) != 1 {
		t.Fatalf("want one error, got:\n%s", diags0.String())
	}
	want := "site.yaml:11: placards print Lao, but no Lao font is installed (looked for /nonexistent/NotoSansLao-Regular.ttf): install it with `apt install fonts-noto-core`"
	if got := errs[0].String(); got != want {
		t.Errorf("error:\n  %s\nwant\n  %s", got, want)
	}
	// Lao as the site's second language, placards.languages unset: the
	// placards leave Lao out, with a warning, and the build goes on.
	files := testsite.Parse(laoSite)
	files["site.yaml"] = strings.Replace(files["site.yaml"], "placards:\n  languages: [vi, lo]\n", "", 1)
	m, diags := loadDiags(t, files)
	if m == nil || diags.HasErrors() || !strings.Contains(diags.String(), "site.yaml:6: warning: placards print no Lao: no Lao font is installed") {
		t.Errorf("default languages without the font:\n%s", diags.String())
	}
	if d := m.PlacardData(m.Content.ByID["QN-M676"]); d.TitleAlt != "" {
		t.Errorf("without the font, the placard prints Lao %q", d.TitleAlt)
	}

	// Without placards (build -no-placards), nothing needs the font.
	var d2 diag.List
	if Load(testsite.MapFS(testsite.Parse(laoSite)), LoadOptions{NoPlacards: true}, &d2); d2.HasErrors() {
		t.Errorf("a load without placards needs the Lao font:\n%s", d2.String())
	}
	if _, err := readLaoFonts(nil); err == nil || errors.Is(err, os.ErrNotExist) {
		t.Errorf("readLaoFonts(nil) = %v", err)
	}
}

// The example site's placards (Vietnamese and English, no Lao) are the
// same bytes whether or not the Lao faces are loaded: shaping touches
// only Lao runs. (placardGolden pins one placard's bytes across versions;
// docs/placards.md says how the example placards were compared before and
// after shaping came.)
func TestExamplePlacardsDoNotChangeWithTheLaoFonts(t *testing.T) {
	needLaoFont(t)
	fonts, _ := laoFonts()
	var diags diag.List
	m := Load(os.DirFS("../.."), LoadOptions{NoPlacards: true}, &diags)
	if m == nil || diags.HasErrors() {
		t.Fatal(diags.String())
	}
	entries := m.PlacardEntries()
	if len(entries) < 5 {
		t.Fatalf("only %d example placards", len(entries))
	}
	english := 0
	for _, e := range entries {
		d := m.PlacardData(e)
		if d.TitleAlt != "" {
			english++
		}
		if d.SummaryAlt != "" {
			t.Errorf("%s: a second summary, which only a listed placard language prints", e.ID())
		}
		for _, paper := range m.Config.Placards.Paper {
			o := m.placardOptions(paper)
			if o.Fonts != nil {
				t.Fatalf("the example site loads the Lao fonts")
			}
			plain, err := placard.Render(d, o)
			if err != nil {
				t.Fatal(err)
			}
			o.Fonts = fonts
			withLao, err := placard.Render(d, o)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(plain, withLao) {
				t.Errorf("%s %s: the placard changes when the Lao fonts are loaded", e.ID(), paper)
			}
			if u := placard.Missing(d, o); len(u) > 0 {
				t.Errorf("%s: the example placard cannot print %q", e.ID(), u)
			}
		}
	}
	if english == 0 {
		t.Error("no example placard has its English title: the default placard languages are not vi and en")
	}
}
