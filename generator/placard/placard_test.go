package placard

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/diachido/diachido/internal/testsite"
	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"golang.org/x/text/unicode/norm"
)

// ---------------------------------------------------------------- fixtures

func entryNT001() Data {
	return Data{
		ID:           "NT-001",
		URL:          "https://diachido.example.vn/p/NT-001/",
		Title:        "Địa đạo Nhơn Trạch",
		TitleAlt:     "Nhon Trach Tunnels",
		KindLine:     "Di tích lịch sử · Cấp quốc gia",
		KindLineAlt:  "Historical relic · National level",
		Summary:      "Hệ thống địa đạo do quân và dân Nhơn Trạch đào trong kháng chiến chống Mỹ, nối các xã ven sông Đồng Nai và từng là căn cứ của lực lượng đặc công.",
		CallToAction: []string{"Quét mã để xem thuyết minh", "Scan for the guide"},
		Organization: "Huyện đoàn Nhơn Trạch",
	}
}

func entryShort() Data {
	return Data{
		ID:           "NT-014",
		URL:          "https://diachido.example.vn/p/NT-014/",
		Title:        "Đình Phú Mỹ",
		KindLine:     "Di tích kiến trúc nghệ thuật · Cấp tỉnh",
		CallToAction: []string{"Quét mã để xem thuyết minh", "Scan for the guide"},
	}
}

func entryMarker() Data {
	return Data{
		ID:           "ML-663",
		URL:          "https://diachido.example.vn/p/ML-663/",
		Title:        "Mốc quốc giới số 663",
		TitleAlt:     "Boundary marker No. 663",
		KindLine:     "Mốc chính số 663 · Việt Nam–Lào",
		KindLineAlt:  "Main marker No. 663 · Vietnam–Laos",
		Summary:      "Cột mốc bằng bê tông cốt thép trên đỉnh đèo, cắm năm 2011 trong đợt tăng dày và tôn tạo hệ thống mốc quốc giới Việt Nam – Lào.",
		CallToAction: []string{"Quét mã để xem thuyết minh", "Scan for the guide"},
		Organization: "Đồn Biên phòng Cửa khẩu Quốc tế Lao Bảo",
		Logo:         testLogoPNG(),
		LogoType:     "PNG",
	}
}

// longTitle150 and summary300 are exactly 150 and 300 characters long
// (TestFixtureLengths checks).
const (
	longTitle150 = "Khu di tích lịch sử cách mạng Căn cứ Khu ủy miền Đông Nam Bộ và Bộ Chỉ huy Quân sự tỉnh Biên Hòa ở xã Phước An, huyện Nhơn Trạch, tỉnh Đồng Nai (1961)"
	summary300   = "Từ năm 1961 đến năm 1975 đây là căn cứ của Khu ủy miền Đông Nam Bộ, Tỉnh ủy Biên Hòa và các đơn vị đặc công rừng Sác. Hệ thống hầm, giao thông hào và địa đạo dài hàng chục cây số do quân và dân địa phương đào bằng tay dưới rừng đước ven sông Lòng Tàu, Thị Vải, che chở an toàn cho cán bộ và chiến sĩ."
)

func TestFixtureLengths(t *testing.T) {
	if n := utf8.RuneCountInString(norm.NFC.String(longTitle150)); n != 150 {
		t.Errorf("long title has %d characters, want 150", n)
	}
	if n := utf8.RuneCountInString(norm.NFC.String(summary300)); n != 300 {
		t.Errorf("summary has %d characters, want 300", n)
	}
}

func entryLong() Data {
	return Data{
		ID:           "NT-099",
		URL:          "https://diachido.example.vn/p/NT-099/",
		Title:        longTitle150,
		TitleAlt:     "Historical revolutionary relic site of the Eastern Region Party Committee base and the Bien Hoa Provincial Military Command in Phuoc An commune",
		KindLine:     "Di tích lịch sử cách mạng · Cấp quốc gia đặc biệt · Xếp hạng năm 2012",
		KindLineAlt:  "Revolutionary historical relic · Special national level · Ranked in 2012",
		Summary:      summary300,
		CallToAction: []string{"Quét mã để xem thuyết minh", "Scan for the guide"},
		Organization: "Huyện đoàn Nhơn Trạch",
		Logo:         testLogoPNG(),
		LogoType:     "PNG",
	}
}

func testEntries() map[string]Data {
	return map[string]Data{
		"nt001":  entryNT001(),
		"short":  entryShort(),
		"marker": entryMarker(),
		"long":   entryLong(),
	}
}

// testLogoPNG is a small red star-ish emblem: a red disc with a yellow square.
func testLogoPNG() []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 120, 120))
	for y := 0; y < 120; y++ {
		for x := 0; x < 120; x++ {
			dx, dy := float64(x)-59.5, float64(y)-59.5
			switch {
			case math.Abs(dx) < 18 && math.Abs(dy) < 18:
				img.Set(x, y, color.NRGBA{250, 205, 0, 255})
			case dx*dx+dy*dy < 58*58:
				img.Set(x, y, color.NRGBA{200, 20, 20, 255})
			default:
				img.Set(x, y, color.NRGBA{0, 0, 0, 0})
			}
		}
	}
	return []byte(testsite.EncodePNG(img))
}

func testLogoJPEG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 200, 80))
	draw.Draw(img, img.Bounds(), &image.Uniform{color.RGBA{20, 60, 160, 255}}, image.Point{}, draw.Src)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

var fixedDate = time.Date(2024, 9, 2, 8, 0, 0, 0, time.UTC)

// ---------------------------------------------------------------- tools

// needTool skips the test when an external tool is missing, except on CI,
// where a missing tool is a broken machine and fails the test.
func needTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s not installed (CI=true): apt-get install poppler-utils zbar-tools", name)
		}
		t.Skipf("%s not installed: apt-get install poppler-utils zbar-tools", name)
	}
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String()
}

func writePDF(t testing.TB, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "placard.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const dpi = 150

// rasterise renders page (1-based) of the PDF at path to a PNG and returns its path.
func rasterise(t testing.TB, path string, page int) string {
	t.Helper()
	needTool(t, "pdftoppm")
	prefix := filepath.Join(t.TempDir(), fmt.Sprintf("page%d", page))
	run(t, "pdftoppm", "-r", strconv.Itoa(dpi), "-png", "-singlefile",
		"-f", strconv.Itoa(page), "-l", strconv.Itoa(page), path, prefix)
	return prefix + ".png"
}

// decodeQR returns what zbarimg reads from the image, or fails the test.
func decodeQR(t testing.TB, pngPath string) string {
	t.Helper()
	needTool(t, "zbarimg")
	out, err := exec.Command("zbarimg", "--raw", "-q", pngPath).Output()
	if err != nil {
		t.Fatalf("zbarimg %s: no QR code decoded (%v)", pngPath, err)
	}
	return strings.TrimRight(string(out), "\r\n")
}

func pdfText(t testing.TB, path string) string {
	t.Helper()
	needTool(t, "pdftotext")
	return wsNorm(run(t, "pdftotext", "-enc", "UTF-8", path, "-"))
}

func wsNorm(s string) string { return strings.Join(strings.Fields(norm.NFC.String(s)), " ") }

func pdfInfo(t testing.TB, path string, args ...string) map[string]string {
	t.Helper()
	needTool(t, "pdfinfo")
	out := run(t, "pdfinfo", append(args, path)...)
	info := map[string]string{}
	for _, line := range strings.Split(out, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			info[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return info
}

func px(mm float64) int { return int(math.Round(mm / 25.4 * dpi)) }

func pxMM(p int) float64 { return float64(p) * 25.4 / dpi }

func gray(c color.RGBA) int { return (int(c.R) + int(c.G) + int(c.B)) / 3 }

// ---------------------------------------------------------------- pure tests

func TestQRSizeMM(t *testing.T) {
	for paper, min := range map[string]float64{"A4": 120, "a4": 120, "A5": 80, "a5": 80, "A3": 120, "Letter": 120} {
		if got := QRSizeMM(paper); got < min {
			t.Errorf("QRSizeMM(%q) = %v, want >= %v", paper, got, min)
		}
	}
	if got := QRSizeMM("B5"); got != 0 {
		t.Errorf("QRSizeMM(B5) = %v, want 0", got)
	}
}

func TestErrors(t *testing.T) {
	d := entryNT001()
	if _, err := Render(d, Options{Paper: "B5"}); err == nil || !strings.Contains(err.Error(), "unknown paper") {
		t.Errorf("paper B5: err = %v, want unknown paper", err)
	}
	for _, p := range []string{"A4", "a5", "A3", "letter", ""} {
		if _, err := ComputeLayout(d, Options{Paper: p}); err != nil {
			t.Errorf("paper %q: %v", p, err)
		}
	}
	for _, u := range []string{"", "https://diachido.example.vn/p/NT-001/\n", "https://diachido.example.vn/p/NT 001/"} {
		d := entryNT001()
		d.URL = u
		if _, err := Render(d, Options{Paper: "A4"}); err == nil {
			t.Errorf("URL %q: no error", u)
		}
	}
	d.URL = "https://diachido.example.vn/p/" + strings.Repeat("x", 600) + "/"
	if _, err := Render(d, Options{Paper: "A5"}); err == nil {
		t.Errorf("600-character URL on A5: no error, want modules too small")
	}
	d = entryNT001()
	d.Logo, d.LogoType = []byte("not an image"), "PNG"
	if _, err := Render(d, Options{}); err == nil {
		t.Errorf("broken logo: no error")
	}
	d.LogoType = "GIF"
	if _, err := Render(d, Options{}); err == nil {
		t.Errorf("GIF logo: no error")
	}
	if _, err := RenderBatch(nil, Options{}); err == nil {
		t.Errorf("empty batch: no error")
	}
	bad := entryShort()
	bad.URL = ""
	if _, err := RenderBatch([]Data{entryNT001(), bad}, Options{}); err == nil || !strings.Contains(err.Error(), "placard 2 (NT-014)") {
		t.Errorf("batch with bad entry: err = %v, want it to name placard 2 (NT-014)", err)
	}
}

// checkLayout asserts what must hold for every placard: everything inside
// the margins, the code large enough with a clean quiet zone, and no text in
// the quiet zone or on other text.
func checkLayout(t *testing.T, name string, l *Layout, minQR float64) {
	t.Helper()
	if l.QR.W < minQR || l.QR.H < minQR {
		t.Errorf("%s: QR %.1f×%.1f mm, want >= %v mm", name, l.QR.W, l.QR.H, minQR)
	}
	if math.Abs(l.ModuleMM*float64(l.Modules)-l.QR.W) > 1e-9 {
		t.Errorf("%s: %d modules × %.3f mm != QR width %.3f", name, l.Modules, l.ModuleMM, l.QR.W)
	}
	if q := (l.QR.X - l.QuietZone.X) / l.ModuleMM; q < 4-1e-9 {
		t.Errorf("%s: quiet zone %.2f modules, want >= 4", name, q)
	}
	if q := (l.QuietZone.Bottom() - l.QR.Bottom()) / l.ModuleMM; q < 4-1e-9 {
		t.Errorf("%s: quiet zone below %.2f modules, want >= 4", name, q)
	}
	if !l.QuietZone.Inside(l.Trim) {
		t.Errorf("%s: quiet zone %+v leaves the trim box %+v", name, l.QuietZone, l.Trim)
	}
	if !l.QR.Inside(l.Content) {
		t.Errorf("%s: QR %+v leaves the content box %+v", name, l.QR, l.Content)
	}
	if _, ok := l.Block(RoleURL); !ok {
		t.Errorf("%s: no URL under the code", name)
	}
	others := []Rect{l.AccentBar, l.FooterRule, l.Logo}
	for i, b := range l.Blocks {
		if len(b.Lines) == 0 {
			t.Errorf("%s: block %s has no lines", name, b.Role)
		}
		if !b.Box.Inside(l.Content) {
			t.Errorf("%s: block %s %+v leaves the content box %+v", name, b.Role, b.Box, l.Content)
		}
		if b.Box.Overlaps(l.QuietZone) {
			t.Errorf("%s: block %s %+v overlaps the QR quiet zone %+v", name, b.Role, b.Box, l.QuietZone)
		}
		for _, r := range others {
			if b.Box.Overlaps(r) {
				t.Errorf("%s: block %s %+v overlaps %+v", name, b.Role, b.Box, r)
			}
		}
		for _, c := range l.Blocks[i+1:] {
			if b.Box.Overlaps(c.Box) {
				t.Errorf("%s: blocks %s and %s overlap", name, b.Role, c.Role)
			}
		}
		if b.SizePt < 6.9 {
			t.Errorf("%s: block %s set in %.1f pt, too small to read", name, b.Role, b.SizePt)
		}
		switch b.Role {
		case RoleTitle, RoleTitleAlt, RoleKind, RoleKindAlt, RoleSummary, RoleSummaryAlt:
			if b.Box.Bottom() > l.QuietZone.Y+1e-9 || b.Box.Bottom() > l.QR.Y {
				t.Errorf("%s: %s bottom %.1f below the code's top %.1f (quiet zone %.1f)", name, b.Role, b.Box.Bottom(), l.QR.Y, l.QuietZone.Y)
			}
			if !b.Box.Inside(l.Header) {
				t.Errorf("%s: %s %+v leaves the header box %+v", name, b.Role, b.Box, l.Header)
			}
		case RoleURL, RoleID, RoleCTA:
			if b.Box.Y < l.QuietZone.Bottom()-1e-9 {
				t.Errorf("%s: %s top %.1f inside the quiet zone (bottom %.1f)", name, b.Role, b.Box.Y, l.QuietZone.Bottom())
			}
		}
	}
	for _, r := range others {
		if r.Overlaps(l.QuietZone) {
			t.Errorf("%s: %+v overlaps the quiet zone", name, r)
		}
	}
	if l.AccentBar.Empty() {
		t.Errorf("%s: no accent bar", name)
	}
}

// lineWidths measures every line of every block with the real fonts.
func checkLineWidths(t *testing.T, name string, l *Layout, o Options) {
	t.Helper()
	m := measurer{o.Fonts}
	for _, b := range l.Blocks {
		k := fontSans
		if b.Bold {
			k = fontBold
		} else if b.Mono {
			k = fontMono
		}
		for _, ln := range b.Lines {
			if w := m.width(k, b.SizePt, ln); w > b.Box.W+1e-6 {
				t.Errorf("%s: %s line %q is %.1f mm wide, box %.1f mm", name, b.Role, ln, w, b.Box.W)
			}
		}
	}
}

func TestLayoutFits(t *testing.T) {
	for _, paper := range []string{"A4", "A5", "A3", "Letter"} {
		for _, bleed := range []bool{false, true} {
			for name, d := range testEntries() {
				o := Options{Paper: paper, Bleed: bleed}
				l, err := ComputeLayout(d, o)
				if err != nil {
					t.Fatalf("%s/%s: %v", paper, name, err)
				}
				min := map[string]float64{"A4": 120, "A5": 80, "A3": 120, "Letter": 120}[paper]
				label := fmt.Sprintf("%s/bleed=%v/%s", paper, bleed, name)
				checkLayout(t, label, l, min)
				checkLineWidths(t, label, l, o)
				title, ok := l.Block(RoleTitle)
				if !ok {
					t.Fatalf("%s: no title block", label)
				}
				if name != "long" && (title.Truncated || title.Shrunk) {
					t.Errorf("%s: title %q shrunk or truncated: %+v", label, d.Title, title)
				}
				if name == "long" {
					if !title.Shrunk {
						t.Errorf("%s: 150-character title not shrunk (%.1f pt)", label, title.SizePt)
					}
					if len(title.Lines) < 2 {
						t.Errorf("%s: 150-character title not wrapped: %q", label, title.Lines)
					}
					joined := strings.Join(title.Lines, " ")
					if title.Truncated != strings.HasSuffix(joined, ellipsis) {
						t.Errorf("%s: Truncated=%v but lines %q", label, title.Truncated, title.Lines)
					}
					want := strings.TrimSuffix(joined, ellipsis)
					if !strings.HasPrefix(longTitle150, want) {
						t.Errorf("%s: title lines %q are not a prefix of the title", label, title.Lines)
					}
				}
			}
		}
	}
}

func TestLongTextTruncatesWhenRoomRunsOut(t *testing.T) {
	d := entryLong()
	d.Summary = strings.Repeat(summary300+" ", 3) // far more than fits
	d.Title = strings.Repeat(longTitle150+" ", 2)
	for _, paper := range []string{"A4", "A5"} {
		l, err := ComputeLayout(d, Options{Paper: paper})
		if err != nil {
			t.Fatal(err)
		}
		checkLayout(t, paper, l, QRSizeMM(paper))
		title, _ := l.Block(RoleTitle)
		if !title.Truncated || !strings.HasSuffix(title.Lines[len(title.Lines)-1], ellipsis) {
			t.Errorf("%s: 300-character title not truncated with an ellipsis: %q", paper, title.Lines)
		}
		if s, ok := l.Block(RoleSummary); ok && !s.Truncated {
			t.Errorf("%s: 900-character summary not truncated: %d lines", paper, len(s.Lines))
		}
	}
}

func TestLayoutMinimalEntry(t *testing.T) {
	d := Data{URL: "https://diachido.example.vn/p/X-1/", Title: "Bia tưởng niệm"}
	for _, paper := range []string{"A4", "A5"} {
		l, err := ComputeLayout(d, Options{Paper: paper})
		if err != nil {
			t.Fatal(err)
		}
		checkLayout(t, paper, l, QRSizeMM(paper))
		if !l.FooterRule.Empty() || !l.Logo.Empty() {
			t.Errorf("%s: footer drawn without organisation or logo", paper)
		}
	}
	if _, err := Render(d, Options{}); err != nil {
		t.Fatal(err)
	}
}

func TestErrorCorrectionLevelH(t *testing.T) {
	// At level H a 37-byte URL needs version 5 (37×37 modules); at Q it
	// would fit version 4 (33×33). The format information in the symbol
	// itself must say H.
	l, err := ComputeLayout(entryNT001(), Options{Paper: "A4"})
	if err != nil {
		t.Fatal(err)
	}
	if l.Modules != 37 {
		t.Errorf("modules = %d, want 37 (version 5 at level H)", l.Modules)
	}
	if lvl := formatLevel(l.bitmap); lvl != "H" {
		t.Errorf("format information says level %s, want H", lvl)
	}
}

// formatLevel reads the error-correction level from the format information
// next to the top-left finder pattern of a QR bitmap (true = dark).
func formatLevel(bm [][]bool) string {
	// Bits 14..0 run along row 8 (cols 0-5, 7, 8) then up col 8 (rows 7, 5..0).
	coords := [][2]int{{8, 0}, {8, 1}, {8, 2}, {8, 3}, {8, 4}, {8, 5}, {8, 7}, {8, 8}, {7, 8}, {5, 8}, {4, 8}, {3, 8}, {2, 8}, {1, 8}, {0, 8}}
	v := 0
	for _, c := range coords {
		v <<= 1
		if bm[c[0]][c[1]] {
			v |= 1
		}
	}
	v ^= 0x5412 // format mask 101010000010010
	return map[int]string{1: "L", 0: "M", 3: "Q", 2: "H"}[v>>13]
}

func TestCleanText(t *testing.T) {
	nfd := norm.NFD.String("Địa đạo Nhơn Trạch")
	if nfd == "Địa đạo Nhơn Trạch" {
		t.Fatal("test string has no decomposition")
	}
	for in, want := range map[string]string{
		nfd:                      "Địa đạo Nhơn Trạch",
		"  Đình\tPhú \n\n Mỹ  ":  "Đình Phú Mỹ",
		"Mốc 663 🇻🇳":             "Mốc 663 🇻🇳", // left out when printed (TestMissingGlyphsReportedAndLeftOut)
		"soft\u00adhy\u200bphen": "softhyphen",
	} {
		if got := cleanText(in); got != want {
			t.Errorf("cleanText(%q) = %q, want %q", in, got, want)
		}
	}
	// Emoji and other astral characters must not crash the renderer.
	d := entryNT001()
	d.Title = "Đình Phú Mỹ 🏯 \U0001F1FB\U0001F1F3"
	if _, err := Render(d, Options{}); err != nil {
		t.Fatal(err)
	}
}

func TestWrapAndEllipsis(t *testing.T) {
	w := func(s string) float64 { return float64(utf8.RuneCountInString(s)) } // 1 mm per character
	lines := wrap("một hai ba bốn năm sáu", 8, w, false)
	want := []string{"một hai", "ba bốn", "năm sáu"}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Errorf("wrap = %q, want %q", lines, want)
	}
	for _, ln := range wrap("Đườnghầmdàikhôngkhoảngtrắng", 10, w, false) {
		if w(ln) > 10 {
			t.Errorf("line %q wider than 10", ln)
		}
	}
	if got := truncate(want, 2, 7, w); got[1] != "ba bốn…" {
		t.Errorf("truncate = %q", got)
	}
	if got := ellipsize("ba bốn, năm", 9, w); got != "ba bốn…" {
		t.Errorf("ellipsize = %q, want %q", got, "ba bốn…")
	}
	url := breakRunes("diachido.example.vn/p/NT-001/", 22, w, "/")
	if len(url) != 2 || url[0] != "diachido.example.vn/p/" {
		t.Errorf("URL broken as %q, want a break after the last / that fits", url)
	}
}

func TestFontBytesNotModified(t *testing.T) {
	before := [2][32]byte{sha256.Sum256(dejavusans.TTF), sha256.Sum256(dejavusansbold.TTF)}
	if _, err := RenderBatch([]Data{entryNT001(), entryLong(), entryMarker()}, Options{}); err != nil {
		t.Fatal(err)
	}
	after := [2][32]byte{sha256.Sum256(dejavusans.TTF), sha256.Sum256(dejavusansbold.TTF)}
	if before != after {
		t.Fatal("rendering modified the embedded font bytes")
	}
}

// ---------------------------------------------------------------- determinism

func TestDeterministic(t *testing.T) {
	for name, d := range testEntries() {
		o := Options{Paper: "A4", Bleed: name == "marker", CreationDate: fixedDate}
		a, err := Render(d, o)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Render(d, o)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two renders differ", name)
		}
		if !bytes.Contains(a, []byte("/ID [<")) {
			t.Errorf("%s: PDF has no file identifier /ID", name)
		}
		if !bytes.Contains(a, []byte("(D:20240902080000Z00'00')")) {
			t.Errorf("%s: creation date not stamped", name)
		}
		o.CreationDate = fixedDate.Add(24 * time.Hour)
		c, err := Render(d, o)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Equal(a, c) {
			t.Errorf("%s: different CreationDate, same bytes", name)
		}
	}
	// Zero date: a fixed date, not the clock.
	z, err := Render(entryNT001(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(z, []byte("(D:20000101000000Z00'00')")) {
		t.Errorf("zero CreationDate not stamped as 2000-01-01")
	}
	// Time zone of the caller's date does not matter.
	local := fixedDate.In(time.FixedZone("ICT", 7*3600))
	x, _ := Render(entryNT001(), Options{CreationDate: fixedDate})
	y, _ := Render(entryNT001(), Options{CreationDate: local})
	if !bytes.Equal(x, y) {
		t.Errorf("same instant in another time zone gives different bytes")
	}
}

func TestConcurrentRendersIdentical(t *testing.T) {
	ds := []Data{entryNT001(), entryMarker(), entryLong()}
	want, err := RenderBatch(ds, Options{Paper: "A5", CreationDate: fixedDate})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := RenderBatch(ds, Options{Paper: "a5", CreationDate: fixedDate})
			if err == nil && !bytes.Equal(got, want) {
				err = fmt.Errorf("concurrent render differs")
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// ---------------------------------------------------------------- PDF structure

func TestVectorQRNoRaster(t *testing.T) {
	a, err := Render(entryNT001(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(a, []byte("/Subtype /Image")) {
		t.Errorf("placard without logo contains an image XObject: the QR must be vector")
	}
	// Same logo on three pages is embedded once; a JPEG logo works too.
	m1, m2, m3 := entryMarker(), entryMarker(), entryNT001()
	m2.ID, m2.URL = "ML-664", "https://diachido.example.vn/p/ML-664/"
	m3.Logo, m3.LogoType = testLogoJPEG(), "jpeg"
	b, err := RenderBatch([]Data{m1, m2, m3}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The PNG logo's alpha channel is composited onto white: no soft mask.
	if n := bytes.Count(b, []byte("/Subtype /Image")); n != 2 {
		t.Errorf("batch has %d image XObjects, want 2 (PNG logo, once; JPEG logo)", n)
	}
	if bytes.Contains(b, []byte("/SMask")) {
		t.Errorf("batch has a soft mask: the PNG logo's transparency was kept")
	}
	// A very wide logo keeps its aspect ratio.
	wide := entryNT001()
	wide.Logo = testLogoJPEG() // 200×80
	wide.LogoType = "JPG"
	img := image.NewRGBA(image.Rect(0, 0, 1000, 50))
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	for _, logo := range [][]byte{wide.Logo, buf.Bytes()} {
		wide.Logo = logo
		l, err := ComputeLayout(wide, Options{})
		if err != nil {
			t.Fatal(err)
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(logo))
		if err != nil {
			t.Fatal(err)
		}
		want := float64(cfg.Width) / float64(cfg.Height)
		if got := l.Logo.W / l.Logo.H; math.Abs(got-want) > 0.01 {
			t.Errorf("logo drawn with aspect %.3f, image has %.3f", got, want)
		}
		checkLayout(t, "wide logo", l, 120)
	}
	// Logo type sniffed when not given.
	m3.LogoType = ""
	if _, err := Render(m3, Options{}); err != nil {
		t.Errorf("JPEG logo without LogoType: %v", err)
	}
}

// pdfStreams returns every FlateDecode stream of pdf, inflated.
func pdfStreams(t *testing.T, pdf []byte) [][]byte {
	t.Helper()
	var out [][]byte
	rest := pdf
	for {
		i := bytes.Index(rest, []byte("stream\n"))
		if i < 0 {
			return out
		}
		rest = rest[i+len("stream\n"):]
		j := bytes.Index(rest, []byte("\nendstream"))
		if j < 0 {
			return out
		}
		if r, err := zlib.NewReader(bytes.NewReader(rest[:j])); err == nil {
			if b, err := io.ReadAll(r); err == nil {
				out = append(out, b)
			}
		}
		rest = rest[j:]
	}
}

var reLine = regexp.MustCompile(`(?m)^-?[\d.]+ -?[\d.]+ [\d.]+ [\d.]+ re$`)

func TestQRDrawnAsMergedRuns(t *testing.T) {
	d := entryNT001()
	l, err := ComputeLayout(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	runs, dark := 0, 0
	for _, row := range l.bitmap {
		for c := range row {
			if row[c] {
				dark++
				if c == 0 || !row[c-1] {
					runs++
				}
			}
		}
	}
	var content []byte
	for _, s := range pdfStreams(t, mustRender(t, d, Options{})) {
		if bytes.Contains(s, []byte(" re\n")) {
			content = s
		}
	}
	if content == nil {
		t.Fatal("no page content stream with rectangles found")
	}
	if got := len(reLine.FindAll(content, -1)); got != runs {
		t.Errorf("QR drawn with %d rectangles, want %d (one per horizontal run of %d dark modules)", got, runs, dark)
	}
	if runs >= dark {
		t.Errorf("no runs merged: %d runs for %d dark modules", runs, dark)
	}
	if !bytes.Contains(content, []byte("q 0 g\n")) {
		t.Errorf("QR not filled with black ink alone (0 g)")
	}
}

func TestNFDInputPrintedAsNFC(t *testing.T) {
	needTool(t, "pdftotext")
	d := entryNT001()
	d.Title = norm.NFD.String(d.Title)
	d.KindLine = norm.NFD.String(d.KindLine)
	path := writePDF(t, mustRender(t, d, Options{}))
	text := run(t, "pdftotext", "-enc", "UTF-8", path, "-")
	for _, want := range []string{"Địa đạo Nhơn Trạch", "Di tích lịch sử · Cấp quốc gia"} {
		if !strings.Contains(wsNormRaw(text), want) {
			t.Errorf("pdftotext output lacks NFC %q:\n%s", want, text)
		}
	}
}

// wsNormRaw collapses white space without normalising, to see what the PDF holds.
func wsNormRaw(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestIDAndURLNeverTruncated(t *testing.T) {
	d := entryNT001()
	d.ID = strings.Repeat("NT-001-", 40)
	if _, err := ComputeLayout(d, Options{Paper: "A5"}); err == nil {
		t.Errorf("280-character ID: no error, want it refused rather than cut")
	}
	d.ID = "QT-HN-TUNNEL-2024-000123-PHUOC-AN-NHON-TRACH"
	l, err := ComputeLayout(d, Options{Paper: "A5"})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := l.Block(RoleID)
	if strings.Join(id.Lines, "") != d.ID {
		t.Errorf("ID printed as %q, want all of %q", id.Lines, d.ID)
	}
	checkLayout(t, "long ID", l, 80)
}

func TestNoTitle(t *testing.T) {
	d := Data{URL: "https://diachido.example.vn/p/NT-002/", ID: "NT-002"}
	l, err := ComputeLayout(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	checkLayout(t, "no title", l, 120)
	if _, err := Render(d, Options{}); err != nil {
		t.Fatal(err)
	}
}

func TestMetadata(t *testing.T) {
	path := writePDF(t, mustRender(t, entryNT001(), Options{Paper: "A4", CreationDate: fixedDate}))
	info := pdfInfo(t, path)
	if got, want := info["Title"], "NT-001 — Địa đạo Nhơn Trạch"; got != want {
		t.Errorf("Title = %q, want %q", got, want)
	}
	if got := info["Creator"]; got != "diachido" {
		t.Errorf("Creator = %q, want diachido", got)
	}
	if got := info["Pages"]; got != "1" {
		t.Errorf("Pages = %q, want 1", got)
	}
	if !strings.Contains(info["CreationDate"], "2024") {
		t.Errorf("CreationDate = %q, want 2024", info["CreationDate"])
	}
}

func mustRender(t testing.TB, d Data, o Options) []byte {
	t.Helper()
	b, err := Render(d, o)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var pageSizeRE = regexp.MustCompile(`([\d.]+) x ([\d.]+) pts`)

func pageSizeMM(t *testing.T, s string) (float64, float64) {
	t.Helper()
	m := pageSizeRE.FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("cannot parse page size %q", s)
	}
	w, _ := strconv.ParseFloat(m[1], 64)
	h, _ := strconv.ParseFloat(m[2], 64)
	return w / 72 * 25.4, h / 72 * 25.4
}

func TestBleed(t *testing.T) {
	for paper, size := range map[string][2]float64{"A4": {210, 297}, "A5": {148, 210}} {
		for _, bleed := range []bool{false, true} {
			path := writePDF(t, mustRender(t, entryNT001(), Options{Paper: paper, Bleed: bleed}))
			info := pdfInfo(t, path, "-box")
			w, h := pageSizeMM(t, info["Page size"])
			wantW, wantH := size[0], size[1]
			if bleed {
				wantW, wantH = wantW+6, wantH+6
			}
			if math.Abs(w-wantW) > 0.1 || math.Abs(h-wantH) > 0.1 {
				t.Errorf("%s bleed=%v: page %.1f×%.1f mm, want %.1f×%.1f", paper, bleed, w, h, wantW, wantH)
			}
			if bleed {
				// TrimBox: x0 y0 x1 y1 in points.
				f := strings.Fields(info["TrimBox"])
				if len(f) != 4 {
					t.Fatalf("%s: TrimBox %q", paper, info["TrimBox"])
				}
				var v [4]float64
				for i := range f {
					v[i], _ = strconv.ParseFloat(f[i], 64)
					v[i] *= 25.4 / 72
				}
				want := [4]float64{3, 3, 3 + size[0], 3 + size[1]}
				for i := range v {
					if math.Abs(v[i]-want[i]) > 0.1 {
						t.Errorf("%s: TrimBox %v mm, want %v", paper, v, want)
						break
					}
				}
				// Crop marks: dark pixels in the bleed corners, none inside the trim box edge.
				img := testsite.ReadPNG(t, rasterise(t, path, 1))
				corner := 0
				for y := 0; y < px(3); y++ {
					for x := 0; x < px(3)+2; x++ {
						if gray(img.RGBAAt(x, y)) < 250 {
							corner++
						}
					}
				}
				if corner == 0 {
					t.Errorf("%s: no crop mark in the top-left bleed corner", paper)
				}
				if got := decodeQR(t, savePNGCopy(t, img)); got != entryNT001().URL {
					t.Errorf("%s bleed: decoded %q", paper, got)
				}
			} else if tb, ok := info["TrimBox"]; ok && tb != info["MediaBox"] {
				t.Errorf("%s without bleed: TrimBox %q differs from MediaBox %q", paper, tb, info["MediaBox"])
			}
		}
	}
}

func savePNGCopy(t *testing.T, img image.Image) string {
	p := filepath.Join(t.TempDir(), "copy.png")
	testsite.WritePNG(t, p, img)
	return p
}

// ---------------------------------------------------------------- scanning

// TestScan prints placards, scans them, reads them, measures the code and
// scribbles over it: what a careful person would do before ordering 200
// aluminium plates.
func TestScan(t *testing.T) {
	needTool(t, "pdftoppm")
	needTool(t, "zbarimg")
	needTool(t, "pdftotext")
	for _, paper := range []string{"A4", "A5"} {
		for _, name := range []string{"nt001", "short", "marker", "long"} {
			d := testEntries()[name]
			t.Run(paper+"/"+name, func(t *testing.T) {
				o := Options{Paper: paper, CreationDate: fixedDate}
				pdf := mustRender(t, d, o)
				l, err := ComputeLayout(d, o)
				if err != nil {
					t.Fatal(err)
				}
				path := writePDF(t, pdf)
				pngPath := rasterise(t, path, 1)
				if got := decodeQR(t, pngPath); got != d.URL {
					t.Fatalf("QR decodes to %q, want %q", got, d.URL)
				}

				// Text: the exact NFC title (or, when it had to be cut, its
				// beginning), the printed URL, the ID, the call to action.
				text := pdfText(t, path)
				title := norm.NFC.String(d.Title)
				if name == "long" {
					title = string([]rune(title)[:40])
				}
				for _, want := range []string{title, "diachido.example.vn/p/" + d.ID + "/", d.ID, "Quét mã để xem thuyết minh", "Scan for the guide"} {
					if !strings.Contains(text, want) {
						t.Errorf("pdftotext output lacks %q:\n%s", want, text)
					}
				}
				if d.TitleAlt != "" && name != "long" && !strings.Contains(text, d.TitleAlt) {
					t.Errorf("pdftotext output lacks %q", d.TitleAlt)
				}
				if d.Organization != "" && !strings.Contains(text, d.Organization) {
					t.Errorf("pdftotext output lacks %q", d.Organization)
				}

				img := testsite.ReadPNG(t, pngPath)
				checkRasterQR(t, img, l, map[string]float64{"A4": 120, "A5": 80}[paper])

				// Damage it, and it must still scan. Level H restores up to
				// 30 % of the codewords; a compact blot damages more
				// codewords than its share of the area (every codeword it
				// clips counts), so 20 % of the area is tested as a band
				// across the code, and a compact square with 15 %.
				m := l.ModuleMM
				finders := []image.Rectangle{
					image.Rect(px(l.QR.X), px(l.QR.Y), px(l.QR.X+8*m), px(l.QR.Y+8*m)),
					image.Rect(px(l.QR.Right()-8*m), px(l.QR.Y), px(l.QR.Right()), px(l.QR.Y+8*m)),
					image.Rect(px(l.QR.X), px(l.QR.Bottom()-8*m), px(l.QR.X+8*m), px(l.QR.Bottom())),
				}
				code := image.Rect(px(l.QR.X), px(l.QR.Y), px(l.QR.Right()), px(l.QR.Bottom()))
				cx, cy := px(l.QR.X+l.QR.W/2), px(l.QR.Y+l.QR.H/2)
				bandW := int(math.Ceil(0.20 * float64(code.Dx())))
				sq := int(math.Ceil(math.Sqrt(0.15 * float64(code.Dx()*code.Dy()))))
				for _, blot := range []struct {
					name string
					frac float64
					r    image.Rectangle
					c    color.Color
				}{
					{"black band", 0.20, image.Rect(cx-bandW/2, code.Min.Y, cx-bandW/2+bandW, code.Max.Y), color.Black},
					{"grey band", 0.20, image.Rect(cx-bandW/2, code.Min.Y, cx-bandW/2+bandW, code.Max.Y), color.Gray{128}},
					{"black square", 0.15, image.Rect(cx-sq/2, cy-sq/2, cx-sq/2+sq, cy-sq/2+sq), color.Black},
				} {
					r := blot.r.Intersect(code)
					if got := float64(r.Dx()*r.Dy()) / float64(code.Dx()*code.Dy()); got < blot.frac {
						t.Fatalf("%s covers %.3f of the code, want %.2f", blot.name, got, blot.frac)
					}
					for _, f := range finders {
						if r.Overlaps(f) {
							t.Fatalf("%s %v covers a finder pattern %v", blot.name, r, f)
						}
					}
					damaged := image.NewRGBA(img.Bounds())
					draw.Draw(damaged, damaged.Bounds(), img, image.Point{}, draw.Src)
					draw.Draw(damaged, r, &image.Uniform{blot.c}, image.Point{}, draw.Src)
					p := filepath.Join(t.TempDir(), "damaged.png")
					testsite.WritePNG(t, p, damaged)
					if got := decodeQR(t, p); got != d.URL {
						t.Errorf("with a %s over %.0f%% of the code, QR decodes to %q, want %q", blot.name, blot.frac*100, got, d.URL)
					}
				}
			})
		}
	}
}

// checkRasterQR measures the printed code in the raster: the dark modules'
// bounding box, a white quiet zone of at least four modules, pure black
// modules on pure white, and level H in the format information read back
// from the pixels.
func checkRasterQR(t *testing.T, img *image.RGBA, l *Layout, minMM float64) {
	t.Helper()
	// Search a generous region around where the layout says the code is,
	// stopping short of the text above and below.
	region := image.Rect(px(l.Content.X), px(l.QuietZone.Y)+2, px(l.Content.Right()), px(l.QuietZone.Bottom())-2)
	minX, minY, maxX, maxY := math.MaxInt, math.MaxInt, -1, -1
	for y := region.Min.Y; y < region.Max.Y; y++ {
		for x := region.Min.X; x < region.Max.X; x++ {
			if gray(img.RGBAAt(x, y)) < 128 {
				minX, minY = min(minX, x), min(minY, y)
				maxX, maxY = max(maxX, x), max(maxY, y)
			}
		}
	}
	if maxX < 0 {
		t.Fatal("no dark pixels where the code should be")
	}
	wMM, hMM := pxMM(maxX-minX+1), pxMM(maxY-minY+1)
	if wMM < minMM || hMM < minMM {
		t.Errorf("printed code measures %.1f×%.1f mm, want >= %v mm", wMM, hMM, minMM)
	}
	if math.Abs(wMM-l.QR.W) > 0.5 || math.Abs(hMM-l.QR.H) > 0.5 {
		t.Errorf("printed code measures %.1f×%.1f mm, layout says %.1f mm", wMM, hMM, l.QR.W)
	}
	// Quiet zone: four modules of white on every side of the dark box.
	mod := float64(maxX-minX+1) / float64(l.Modules)
	q := int(math.Ceil(4 * mod))
	for y := minY - q; y <= maxY+q; y++ {
		for x := minX - q; x <= maxX+q; x++ {
			if x >= minX-1 && x <= maxX+1 && y >= minY-1 && y <= maxY+1 {
				continue
			}
			if g := gray(img.RGBAAt(x, y)); g < 250 {
				t.Fatalf("quiet zone pixel (%d,%d) is %d, want white", x, y, g)
			}
		}
	}
	// Sample each module's centre: pure black or pure white, and the grid
	// read back must carry level H.
	grid := make([][]bool, l.Modules)
	for r := range grid {
		grid[r] = make([]bool, l.Modules)
		for c := range grid[r] {
			x := minX + int((float64(c)+0.5)*mod)
			y := minY + int((float64(r)+0.5)*mod)
			switch p := img.RGBAAt(x, y); {
			case p.R == 0 && p.G == 0 && p.B == 0:
				grid[r][c] = true
			case p.R == 255 && p.G == 255 && p.B == 255:
			default:
				t.Fatalf("module (%d,%d) centre is %v, want pure black or white", r, c, p)
			}
		}
	}
	if lvl := formatLevel(grid); lvl != "H" {
		t.Errorf("printed format information says level %s, want H", lvl)
	}
}

func TestBatch(t *testing.T) {
	needTool(t, "pdfinfo")
	ds := []Data{entryNT001(), entryShort(), entryMarker(), entryLong()}
	pdf, err := RenderBatch(ds, Options{Paper: "A5", CreationDate: fixedDate})
	if err != nil {
		t.Fatal(err)
	}
	path := writePDF(t, pdf)
	if got := pdfInfo(t, path)["Pages"]; got != strconv.Itoa(len(ds)) {
		t.Fatalf("Pages = %q, want %d", got, len(ds))
	}
	for i, d := range ds {
		if got := decodeQR(t, rasterise(t, path, i+1)); got != d.URL {
			t.Errorf("page %d decodes to %q, want %q", i+1, got, d.URL)
		}
	}
	// Batch output is deterministic too.
	again, _ := RenderBatch(ds, Options{Paper: "A5", CreationDate: fixedDate})
	if !bytes.Equal(pdf, again) {
		t.Errorf("two batch renders differ")
	}
}

// TestLook writes PNGs of a few placards for a human to look at:
//
//	PLACARD_LOOK_DIR=/tmp/placard-look go test -run TestLook ./generator/placard/
func TestLook(t *testing.T) {
	dir := os.Getenv("PLACARD_LOOK_DIR")
	if dir == "" {
		t.Skip("set PLACARD_LOOK_DIR to write PNGs to look at")
	}
	needTool(t, "pdftoppm")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, paper := range []string{"A4", "A5"} {
		for _, bleed := range []bool{false, true} {
			for name, d := range testEntries() {
				pdf := mustRender(t, d, Options{Paper: paper, Bleed: bleed, CreationDate: fixedDate})
				base := filepath.Join(dir, fmt.Sprintf("%s-%s", strings.ToLower(paper), name))
				if bleed {
					if name != "marker" {
						continue
					}
					base += "-bleed"
				}
				if err := os.WriteFile(base+".pdf", pdf, 0o644); err != nil {
					t.Fatal(err)
				}
				run(t, "pdftoppm", "-r", "90", "-png", "-singlefile", base+".pdf", base)
			}
		}
	}
}

func BenchmarkRender(b *testing.B) {
	d := entryMarker()
	o := Options{Paper: "A4", CreationDate: fixedDate}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Render(d, o); err != nil {
			b.Fatal(err)
		}
	}
}

func TestRenderLayoutsMatchesRenderBatch(t *testing.T) {
	ds := []Data{entryNT001(), entryMarker(), entryLong()}
	o := Options{Paper: "A5", Bleed: true, CreationDate: fixedDate}
	want, err := RenderBatch(ds, o)
	if err != nil {
		t.Fatal(err)
	}
	var ls []*Layout
	for _, d := range ds {
		l, err := ComputeLayout(d, o)
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
	}
	got, err := RenderLayouts(ls, o)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("RenderLayouts of ComputeLayout's layouts differs from RenderBatch")
	}
	single, _ := Render(ds[0], o)
	if got, _ := RenderLayouts(ls[:1], o); !bytes.Equal(got, single) {
		t.Errorf("RenderLayouts of one layout differs from Render")
	}
	for _, other := range []Options{{Paper: "A4", Bleed: true}, {Paper: "A5"}} {
		if _, err := RenderLayouts(ls, other); err == nil {
			t.Errorf("layouts for A5 with bleed drawn with %+v: no error", other)
		}
	}
	if _, err := RenderLayouts(nil, o); err == nil {
		t.Errorf("no layouts: no error")
	}
}

func BenchmarkRenderBatch500(b *testing.B) {
	ds := make([]Data, 500)
	for i := range ds {
		ds[i] = entryNT001()
		ds[i].ID = fmt.Sprintf("NT-%03d", i)
		ds[i].URL = "https://diachido.example.vn/p/" + ds[i].ID + "/"
	}
	o := Options{Paper: "A4", CreationDate: fixedDate}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := RenderBatch(ds, o); err != nil {
			b.Fatal(err)
		}
	}
}
