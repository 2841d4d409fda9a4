package placard

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/diachido/diachido/internal/browsertest"
)

// laoLines are set both by the placard writer and by Chromium (HarfBuzz
// too, with the same Noto Sans Lao file): the title, and a line of stacks
// (a vowel and a tone mark over one consonant, ຳ split in two, a vowel
// below with a tone mark above, ໜ with its tone mark).
var laoLines = []string{laoTitle, "ນັ້ນແມ່ນ ຢູ່ເທິງສັນພູ ສຳຄັນ ກ່ຳ ໜ້ອຍ"}

// TestLaoMatchesChromium prints each line in a PDF of its own, renders it
// with pdftoppm, and has headless Chromium render the same text with the
// same font through @font-face at the same size; the ink of the two must
// have the same extent (a mark left unplaced widens a line, one dropped or
// misplaced changes its height), and the two are written side by side into
// one PNG to look at (PLACARD_LOOK=dir keeps it).
func TestLaoMatchesChromium(t *testing.T) {
	fonts := laoFonts(t)
	browsertest.Need(t, "pdftoppm", "poppler-utils")
	b := browsertest.New(t)
	dir := t.TempDir()
	const sizePt, dpi = 40.0, 150
	pxSize := sizePt / 72 * dpi

	// The page Chromium renders: the font from the Debian package, served
	// with the page (copied into the test's temporary folder only).
	var fontFile string
	for _, p := range LaoFontFiles {
		if _, err := os.Stat(p[0]); err == nil {
			fontFile = p[0]
			break
		}
	}
	fb, err := os.ReadFile(fontFile)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "lao.ttf"), fb, 0o644)
	html := `<!doctype html><meta charset="utf-8"><style>
@font-face { font-family: Lao; src: url(lao.ttf); }
body { margin: 0; background: #fff; }
p { font: ` + strconv.FormatFloat(pxSize, 'f', 3, 64) + `px Lao, "DejaVu Sans"; margin: 0; padding: 40px; white-space: nowrap; display: inline-block; color: #000; }
</style>`
	for i, s := range laoLines {
		html += fmt.Sprintf(`<p id="l%d">%s</p><br>`, i, s)
	}
	os.WriteFile(filepath.Join(dir, "index.html"), []byte(html), 0o644)
	base := browsertest.Serve(t, dir)
	b.Run(t, chromedp.EmulateViewport(2400, 800), chromedp.Navigate(base))
	if err := b.Until(`document.fonts.check('10px Lao', 'ກ') && document.fonts.status === 'loaded'`, 5e9, 1e8); err != nil {
		t.Fatalf("font not loaded in Chromium: %v", err)
	}

	var rows [][2]image.Image
	for i, s := range laoLines {
		// The placard writer's rendering.
		doc := newPDF(300, 60, Rect{0, 0, 300, 60})
		doc.extra = fonts
		c := &canvas{doc: doc}
		c.fillColor([3]int{0, 0, 0})
		c.text(fontSans, sizePt, 10, 40, s)
		doc.addPage(c.b)
		pdf := doc.finish(meta{})
		path := filepath.Join(dir, fmt.Sprintf("line%d.pdf", i))
		os.WriteFile(path, pdf, 0o644)
		if out, err := exec.Command("pdftoppm", "-r", strconv.Itoa(dpi), "-png", "-singlefile", path, path).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, out)
		}
		ours := readPNG(t, path+".png")

		var shot []byte
		b.Run(t, chromedp.Screenshot(fmt.Sprintf("#l%d", i), &shot, chromedp.ByID))
		theirs, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Fatal(err)
		}
		a, c2 := inkBox(ours), inkBox(theirs)
		if a.Empty() || c2.Empty() {
			t.Fatalf("%s: no ink (placard %v, Chromium %v)", s, a, c2)
		}
		dw := math.Abs(float64(a.Dx()-c2.Dx())) / float64(c2.Dx())
		dh := math.Abs(float64(a.Dy()-c2.Dy())) / float64(c2.Dy())
		t.Logf("%s: placard ink %dx%d px, Chromium %dx%d px", s, a.Dx(), a.Dy(), c2.Dx(), c2.Dy())
		if dw > 0.01 || dh > 0.05 {
			t.Errorf("%s: placard ink %dx%d px, Chromium's %dx%d px: the marks are not where a browser puts them", s, a.Dx(), a.Dy(), c2.Dx(), c2.Dy())
		}
		rows = append(rows, [2]image.Image{crop(ours, a), crop(theirs, c2)})
	}
	out := sideBySide(rows)
	look := os.Getenv("PLACARD_LOOK")
	if look == "" {
		look = dir
	}
	name := filepath.Join(look, "lao-vs-chromium.png")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, out); err != nil {
		t.Fatal(err)
	}
	t.Logf("placard (left) and Chromium (right): %s", name)
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// inkBox is the bounding box of the pixels darker than mid-grey.
func inkBox(img image.Image) image.Rectangle {
	r := image.Rectangle{}
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			if cr, cg, cb, _ := img.At(x, y).RGBA(); (cr+cg+cb)/3 < 0x8000 {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

func crop(img image.Image, r image.Rectangle) image.Image {
	r = r.Inset(-12).Intersect(img.Bounds())
	out := image.NewRGBA(image.Rect(0, 0, r.Dx(), r.Dy()))
	draw.Draw(out, out.Bounds(), img, r.Min, draw.Src)
	return out
}

// sideBySide puts each row's two images next to each other, a grey rule
// between the columns.
func sideBySide(rows [][2]image.Image) image.Image {
	colW := [2]int{}
	h := 0
	for _, r := range rows {
		for i := range r {
			colW[i] = max(colW[i], r[i].Bounds().Dx())
		}
		h += max(r[0].Bounds().Dy(), r[1].Bounds().Dy()) + 20
	}
	const gap = 30
	out := image.NewRGBA(image.Rect(0, 0, colW[0]+gap+colW[1], h))
	draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
	draw.Draw(out, image.Rect(colW[0]+gap/2, 0, colW[0]+gap/2+2, h), image.NewUniform(color.Gray{180}), image.Point{}, draw.Src)
	y := 10
	for _, r := range rows {
		draw.Draw(out, r[0].Bounds().Add(image.Pt(0, y)), r[0], image.Point{}, draw.Src)
		draw.Draw(out, r[1].Bounds().Add(image.Pt(colW[0]+gap, y)), r[1], image.Point{}, draw.Src)
		y += max(r[0].Bounds().Dy(), r[1].Bounds().Dy()) + 20
	}
	return out
}
