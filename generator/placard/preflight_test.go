package placard

import (
	"bytes"
	"crypto/md5"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"regexp"
	"strings"
	"testing"

	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/pdfcheck"
)

// preflightCases are PDFs of every paper, with and without bleed, with each
// kind of logo, and a batch.
func preflightCases(t *testing.T) map[string][]byte {
	t.Helper()
	encode := func(img image.Image, jpg bool) []byte {
		var buf bytes.Buffer
		var err error
		if jpg {
			err = jpeg.Encode(&buf, img, nil)
		} else {
			err = png.Encode(&buf, img)
		}
		if err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	grey := image.NewGray(image.Rect(0, 0, 40, 20))
	wide := image.NewNRGBA64(image.Rect(0, 0, 60, 20)) // 16-bit, half transparent
	pal := image.NewPaletted(image.Rect(0, 0, 30, 30), color.Palette{color.White, color.RGBA{200, 20, 20, 255}, color.Transparent})
	for i := range grey.Pix {
		grey.Pix[i] = uint8(i)
		pal.Pix[i%len(pal.Pix)] = uint8(i % 3)
	}
	for x := 0; x < 60; x++ {
		for y := 0; y < 20; y++ {
			wide.Set(x, y, color.NRGBA64{uint16(x * 1000), 0, 40000, uint16(y * 3000)})
		}
	}
	logos := map[string][]byte{
		"png-alpha":  testLogoPNG(),
		"jpeg":       testLogoJPEG(),
		"jpeg-grey":  encode(grey, true),
		"png-grey":   encode(grey, false),
		"png-16":     encode(wide, false),
		"png-palett": encode(pal, false),
	}
	cases := map[string][]byte{}
	for _, paper := range []string{"A3", "A4", "A5", "Letter"} {
		for _, bleed := range []bool{false, true} {
			cases[fmt.Sprintf("nt001-%s-bleed=%v", paper, bleed)] = mustRender(t, entryNT001(), Options{Paper: paper, Bleed: bleed})
		}
	}
	var batch []Data
	for name, logo := range logos {
		d := entryLong()
		d.Logo, d.LogoType = logo, ""
		cases["logo-"+name] = mustRender(t, d, Options{Bleed: true})
		batch = append(batch, d)
	}
	batch = append(batch, entryShort(), entryMarker())
	b, err := RenderBatch(batch, Options{Paper: "A5", Bleed: true, CreationDate: fixedDate})
	if err != nil {
		t.Fatal(err)
	}
	cases["batch"] = b
	return cases
}

// TestPreflight validates placards as a print shop's preflight starts:
// pdfcpu in strict mode, then qpdf --check.
func TestPreflight(t *testing.T) {
	cases := preflightCases(t)
	t.Run("pdfcpu", func(t *testing.T) {
		for name, pdf := range cases {
			if err := pdfcheck.Strict(pdf); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
	t.Run("qpdf", func(t *testing.T) {
		browsertest.Need(t, "qpdf", "qpdf")
		for name, pdf := range cases {
			if err := pdfcheck.QPDF(writePDF(t, pdf)); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
}

// TestBlackInk reads every page's content stream and checks that black and
// grey are DeviceGray, never RGB (which a print shop turns into four inks):
// the QR code is filled with 0 g, the title and the ID are 0 g text, crop
// marks are stroked with 0 G.
func TestBlackInk(t *testing.T) {
	for name, pdf := range preflightCases(t) {
		pages, err := pdfcheck.PageContents(pdf)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, content := range pages {
			where := fmt.Sprintf("%s page %d", name, i+1)
			ink := readInk(t, where, content)
			if ink.qrFill != "0 g" {
				t.Errorf("%s: QR filled with %q, want 0 g", where, ink.qrFill)
			}
			if ink.text["0 g"] < 2 {
				t.Errorf("%s: %d text runs in 0 g, want the title and the ID at least; colours: %v", where, ink.text["0 g"], ink.text)
			}
			for c := range ink.text {
				if !strings.HasSuffix(c, " g") && !strings.HasSuffix(c, " rg") {
					t.Errorf("%s: text in %q", where, c)
				}
			}
			bleed := strings.Contains(name, "bleed=true") || strings.HasPrefix(name, "logo-") || name == "batch"
			if bleed && ink.stroke != "0 G" {
				t.Errorf("%s: crop marks stroked with %q, want 0 G", where, ink.stroke)
			}
		}
	}
}

type inkUse struct {
	qrFill string         // fill colour of the path with the most rectangles
	text   map[string]int // fill colour -> text runs shown in it
	stroke string         // stroke colour of the last stroked path
}

var number = regexp.MustCompile(`^-?[0-9]*\.?[0-9]+$`)

// readInk follows the colour operators of a content stream. It fails on
// any neutral colour (black, grey, white) given as RGB.
func readInk(t *testing.T, where string, content []byte) inkUse {
	t.Helper()
	type state struct{ fill, stroke string }
	cur, stack := state{fill: "0 g", stroke: "0 G"}, []state(nil)
	use := inkUse{text: map[string]int{}}
	var operands []string
	rects, most := 0, 0
	for _, tok := range strings.Fields(string(content)) {
		if number.MatchString(tok) || strings.HasPrefix(tok, "/") || strings.HasPrefix(tok, "<") {
			operands = append(operands, tok)
			continue
		}
		colour := strings.Join(append(operands, tok), " ")
		switch tok {
		case "rg", "RG":
			if len(operands) != 3 || operands[0] == operands[1] && operands[1] == operands[2] {
				t.Errorf("%s: %q: neutral colours must be DeviceGray", where, colour)
			}
		}
		switch tok {
		case "rg", "g", "k":
			cur.fill = colour
		case "RG", "G", "K":
			cur.stroke = colour
		case "q":
			stack = append(stack, cur)
		case "Q":
			cur, stack = stack[len(stack)-1], stack[:len(stack)-1]
		case "re":
			rects++
		case "f", "f*", "B", "b":
			if rects > most {
				most, use.qrFill = rects, cur.fill
			}
			rects = 0
		case "S":
			use.stroke = cur.stroke
		case "Tj", "TJ":
			use.text[cur.fill]++
		}
		operands = operands[:0]
	}
	if most < 50 {
		t.Errorf("%s: no path of QR modules found (at most %d rectangles in a path)", where, most)
	}
	return use
}

// TestFileID checks the trailer's /ID: two equal strings, the MD5 of the
// file above the trailer, so it depends on nothing but the content.
func TestFileID(t *testing.T) {
	re := regexp.MustCompile(`\ntrailer\n<<[^>]* /ID \[<([0-9a-f]{32})> <([0-9a-f]{32})>\] >>\nstartxref\n`)
	ids := map[string]string{}
	for name, pdf := range preflightCases(t) {
		m := re.FindSubmatchIndex(pdf)
		if m == nil {
			t.Errorf("%s: no /ID of two 16-byte strings in the trailer", name)
			continue
		}
		a, b := string(pdf[m[2]:m[3]]), string(pdf[m[4]:m[5]])
		if a != b {
			t.Errorf("%s: /ID [<%s> <%s>]: the two parts differ", name, a, b)
		}
		if want := fmt.Sprintf("%x", md5.Sum(pdf[:m[0]+1])); a != want {
			t.Errorf("%s: /ID %s, want the MD5 of the file above the trailer, %s", name, a, want)
		}
		if other, ok := ids[a]; ok {
			t.Errorf("%s and %s have the same /ID", name, other)
		}
		ids[a] = name
	}
}
