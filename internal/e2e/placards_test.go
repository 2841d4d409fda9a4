package e2e

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/placard"
	"github.com/diachido/diachido/generator/site"
	"github.com/diachido/diachido/internal/browsertest"
	"github.com/diachido/diachido/internal/pdfcheck"
	"github.com/diachido/diachido/internal/testsite"
	"golang.org/x/text/unicode/norm"
)

const scanDPI = 100

// TestEveryExamplePlacardScans prints (rasterises) every placard of the
// example site in every paper size, scans it with a real QR reader, reads
// its text, and scans it again with a fifth of the code blotted out, as
// weather and dirt would.
func TestEveryExamplePlacardScans(t *testing.T) {
	browsertest.Need(t, "pdftoppm", "poppler-utils")
	browsertest.Need(t, "pdftotext", "poppler-utils")
	browsertest.Need(t, "zbarimg", "zbar-tools")
	out := exampleSite(t)
	var diags diag.List
	m := site.Load(os.DirFS(repoRoot), site.LoadOptions{}, &diags)
	if m == nil || diags.HasErrors() {
		t.Fatal(diags.String())
	}
	entries := m.PlacardEntries()
	if len(entries) < 9 {
		t.Fatalf("only %d placards", len(entries))
	}
	tmp := t.TempDir()
	for _, e := range entries {
		for _, paper := range m.Config.Placards.Paper {
			name := site.Placard(e.ID(), paper)
			t.Run(strings.TrimPrefix(name, "placards/"), func(t *testing.T) {
				t.Parallel()
				pdf := filepath.Join(out, filepath.FromSlash(name))
				want := "https://diachido.example.vn/p/" + e.ID() + "/"
				pngBase := filepath.Join(tmp, strings.NewReplacer("/", "_", ".pdf", "").Replace(name))
				run(t, "pdftoppm", "-r", fmt.Sprint(scanDPI), "-png", "-singlefile", pdf, pngBase)
				if got := scan(t, pngBase+".png"); got != want {
					t.Errorf("QR holds %q, want %q", got, want)
				}
				text := strings.Join(strings.Fields(norm.NFC.String(run(t, "pdftotext", pdf, "-"))), " ")
				title := strings.Join(strings.Fields(e.Default.Front.Title), " ")
				if !strings.Contains(text, title) {
					t.Errorf("placard text lacks the title %q:\n%s", title, text)
				}
				if !strings.Contains(text, strings.TrimPrefix(want, "https://")) || !strings.Contains(text, e.ID()) {
					t.Errorf("placard text lacks the typed URL or the ID:\n%s", text)
				}
				// Blot a fifth of the code's area: a round faded patch in its
				// middle, as sun and rain bleach a print (clear of the three
				// finder patterns, which a reader needs to find the code).
				l, err := placard.ComputeLayout(m.PlacardData(e), placard.Options{Paper: paper, Bleed: m.Config.Placards.Bleed})
				if err != nil {
					t.Fatal(err)
				}
				img := testsite.ReadPNG(t, pngBase+".png")
				if got := blot(img, l.QR, 0.2, color.RGBA{240, 236, 226, 255}); got < 0.195 {
					t.Fatalf("the blot covers only %.1f%% of the code", got*100)
				}
				blotted := pngBase + "-blot.png"
				testsite.WritePNG(t, blotted, img)
				if got := scan(t, blotted); got != want {
					t.Errorf("with 20%% of the code blotted the QR reads %q, want %q", got, want)
				}
			})
		}
	}
}

// TestEveryExamplePDFValidates checks every placard and print-shop file of
// the example site as a print shop's preflight starts: pdfcpu in strict
// mode and qpdf --check.
func TestEveryExamplePDFValidates(t *testing.T) {
	out := exampleSite(t)
	pdfs, err := filepath.Glob(filepath.Join(out, "placards", "*.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	batches := 0
	for _, p := range pdfs {
		if strings.HasPrefix(filepath.Base(p), "all-") {
			batches++
		}
	}
	if len(pdfs) < 18 || batches < 2 {
		t.Fatalf("%d PDFs, %d of them print-shop files, in %s/placards", len(pdfs), batches, out)
	}
	t.Run("pdfcpu", func(t *testing.T) {
		for _, p := range pdfs {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if err := pdfcheck.Strict(b); err != nil {
				t.Errorf("%s: %v", filepath.Base(p), err)
			}
		}
	})
	t.Run("qpdf", func(t *testing.T) {
		browsertest.Need(t, "qpdf", "qpdf")
		for _, p := range pdfs {
			if err := pdfcheck.QPDF(p); err != nil {
				t.Error(err)
			}
		}
	})
}

// blot paints a disc covering frac of the code's area, centred on it.
func blot(img *image.RGBA, qr placard.Rect, frac float64, c color.RGBA) (covered float64) {
	r := math.Sqrt(frac/math.Pi) * qr.W / 25.4 * scanDPI
	cx := (qr.X + qr.W/2) / 25.4 * scanDPI
	cy := (qr.Y + qr.H/2) / 25.4 * scanDPI
	n := 0
	for y := int(cy - r - 1); y <= int(cy+r+1); y++ {
		for x := int(cx - r - 1); x <= int(cx+r+1); x++ {
			if math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy) <= r {
				img.Set(x, y, c)
				n++
			}
		}
	}
	side := qr.W / 25.4 * scanDPI
	return float64(n) / (side * side)
}

func px(mm float64) int { return int(math.Round(mm / 25.4 * scanDPI)) }

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

func scan(t *testing.T, pngPath string) string {
	t.Helper()
	out, err := exec.Command("zbarimg", "--raw", "-q", pngPath).Output()
	if err != nil {
		return "" // zbarimg exits 4 when it finds nothing
	}
	return strings.TrimSpace(string(out))
}
