// Package placard renders the printable QR placard of one diachido entry
// (a "red address" relic site or a border marker) as PDF bytes.
//
// A placard is not a web page: it is printed once, screwed to a relic's gate
// and then scanned by visitors for years, in sun and rain. Everything here
// follows from that:
//
//   - The QR code uses error-correction level H (about 30 % of the symbol may
//     be lost to dirt, fading or a bird's dropping and it still decodes), a
//     quiet zone of at least four modules, pure black on white, and it is
//     drawn as vector rectangles, so it stays sharp at any print resolution.
//   - It is large (at least 120 mm on A4, 80 mm on A5), so a phone reads it
//     from a couple of metres, over a fence, or when the print has faded.
//   - The URL is also printed as text, for when no camera will cooperate,
//     together with the entry's permanent ID.
//   - Vietnamese text is drawn with embedded DejaVu TrueType fonts after NFC
//     normalisation; Lao text with the Lao faces the caller brings (Fonts),
//     shaped by HarfBuzz (go-text/typesetting) so that its marks stack on
//     their consonants; long titles shrink and then wrap or end with an
//     ellipsis, but never run into the code. A character no face can draw
//     is left out, never printed as a box; Missing lists them for warnings.
//   - Output is byte-for-byte deterministic for the same input and creation
//     date, so a rebuilt site does not produce "changed" placards.
//
// The package is pure: no file or network access, no global mutable state
// (the fonts are parsed once and a decoded logo is remembered, both
// read-only). PDFs are written by the package itself, not by a general PDF
// library: every call builds its own document, embedding a subset of each
// font with just the glyphs it prints, so it is safe for concurrent use and
// costs one or two milliseconds a placard. docs/placards.md says why, what
// the files hold (black in DeviceGray, a TrimBox, a trailer /ID, shaped
// Lao with its text kept for copying) and what they do not (PDF/X,
// transparency).
package placard

import (
	"fmt"
	"strings"
	"time"
)

// Data is everything one placard shows. All strings are already in the form to print.
type Data struct {
	ID           string   // permanent code, e.g. "NT-001", printed large-ish
	URL          string   // what the QR code holds: baseURL + "p/<ID>/", also printed as text under the code
	Title        string   // title in the site's default language (Vietnamese)
	TitleAlt     string   // title in the second language when a translation exists, else ""
	KindLine     string   // e.g. "Di tích lịch sử · Cấp quốc gia" or "Mốc chính số 663 · Việt Nam–Lào"
	KindLineAlt  string   // same in second language, may be ""
	Summary      string   // one or two sentences (<= 300 chars), default language
	SummaryAlt   string   // the summary in the second language, set smaller under it, may be ""
	CallToAction []string // e.g. {"Quét mã để xem thuyết minh", "Scan for the guide"}
	Organization string   // e.g. "Huyện đoàn Nhơn Trạch", may be ""
	Logo         []byte   // PNG or JPEG bytes, may be nil
	LogoType     string   // "PNG" or "JPG" ("JPEG" and "" accepted: "" sniffs the bytes)
}

// Options control the paper and print finishing.
type Options struct {
	Paper        string    // "A4", "A5", "A3" or "Letter"; case-insensitive; "" means A4; anything else is an error
	Bleed        bool      // add 3 mm bleed on every side plus crop marks outside the trim box
	CreationDate time.Time // stamped into the PDF (as UTC); zero value -> 2000-01-01 UTC, never time.Now
	// Fonts are the Lao faces (NewFonts); nil: no Lao font, and Lao
	// letters are left out like any character without a glyph (Missing).
	Fonts *Fonts `json:"-"`
}

// BleedMM is the bleed added on every side when Options.Bleed is set.
const BleedMM = 3.0

// QuietZoneModules is the width of the white margin kept around the QR
// symbol, in modules. The QR specification asks for at least four.
const QuietZoneModules = 4

// defaultCreationDate returns the date stamped into the PDF when
// Options.CreationDate is zero: a fixed date, so output never depends on
// the clock.
func defaultCreationDate() time.Time { return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC) }

// paperSpec describes one supported trim size.
type paperSpec struct {
	name string
	w, h float64 // trim size, mm
	qr   float64 // QR symbol width, mm, excluding the quiet zone
	// scale of margins and type relative to the A4 design.
	scale float64
}

var papers = map[string]paperSpec{
	"A3":     {name: "A3", w: 297, h: 420, qr: 176, scale: 297.0 / 210},
	"A4":     {name: "A4", w: 210, h: 297, qr: 125, scale: 1},
	"A5":     {name: "A5", w: 148, h: 210, qr: 88, scale: 148.0 / 210},
	"LETTER": {name: "Letter", w: 215.9, h: 279.4, qr: 120, scale: 279.4 / 297},
}

func lookupPaper(name string) (paperSpec, error) {
	key := strings.ToUpper(strings.TrimSpace(name))
	if key == "" {
		key = "A4"
	}
	p, ok := papers[key]
	if !ok {
		return paperSpec{}, fmt.Errorf("placard: unknown paper %q (want A4, A5, A3 or Letter)", name)
	}
	return p, nil
}

// QRSizeMM returns the printed width in millimetres of the QR symbol for the
// given paper, EXCLUDING the quiet zone: it is the distance from the outer
// edge of the left finder pattern to the outer edge of the right one. A white
// quiet zone of QuietZoneModules modules is kept around it in addition. The
// width does not depend on the URL; longer URLs just get smaller modules.
// It returns 0 for an unknown paper.
func QRSizeMM(paper string) float64 {
	p, err := lookupPaper(paper)
	if err != nil {
		return 0
	}
	return p.qr
}

// Render returns a one-page PDF with the placard for d.
func Render(d Data, o Options) ([]byte, error) {
	return RenderBatch([]Data{d}, o)
}

// RenderBatch returns one PDF with a placard per page, in the given order,
// for the print shop. It fails on the first entry that cannot be rendered.
func RenderBatch(ds []Data, o Options) ([]byte, error) {
	if len(ds) == 0 {
		return nil, fmt.Errorf("placard: nothing to render")
	}
	p, err := lookupPaper(o.Paper)
	if err != nil {
		return nil, err
	}
	ls := make([]*Layout, len(ds))
	for i, d := range ds {
		if ls[i], err = layoutDoc(d, p, o); err != nil {
			return nil, entryErr(i, d, err)
		}
	}
	return RenderLayouts(ls, o)
}

// RenderLayouts is RenderBatch for placards already laid out by
// ComputeLayout with the same Options: a caller printing each placard on
// its own and again in a batch lays it out once.
func RenderLayouts(ls []*Layout, o Options) ([]byte, error) {
	if len(ls) == 0 {
		return nil, fmt.Errorf("placard: nothing to render")
	}
	p, err := lookupPaper(o.Paper)
	if err != nil {
		return nil, err
	}
	doc := newDocument(p, o)
	doc.extra = o.Fonts
	for i, l := range ls {
		if l == nil || l.Paper != p.name || (l.Trim.X > 0) != o.Bleed || l.fonts != o.Fonts {
			return nil, fmt.Errorf("placard %d: not laid out for %s with bleed=%v and these fonts", i+1, p.name, o.Bleed)
		}
		drawPage(doc, l)
	}
	m := meta{created: o.CreationDate}
	if m.created.IsZero() {
		m.created = defaultCreationDate()
	}
	if len(ls) == 1 {
		d := ls[0].data
		m.title, m.subject, m.keywords = metaTitle(d), d.Summary, d.URL
	} else {
		m.title = fmt.Sprintf("diachido — %d placards (%s)", len(ls), p.name)
	}
	return doc.finish(m), nil
}

func entryErr(i int, d Data, err error) error {
	if d.ID != "" {
		return fmt.Errorf("placard %d (%s): %w", i+1, d.ID, err)
	}
	return fmt.Errorf("placard %d: %w", i+1, err)
}

func metaTitle(d Data) string {
	switch {
	case d.ID == "":
		return d.Title
	case d.Title == "":
		return d.ID
	}
	return d.ID + " — " + d.Title
}

// newDocument starts a PDF whose pages have the size of p, plus the bleed
// when o asks for it; the TrimBox marks the finished size.
func newDocument(p paperSpec, o Options) *document {
	if !o.Bleed {
		return newPDF(p.w, p.h, Rect{0, 0, p.w, p.h})
	}
	return newPDF(p.w+2*BleedMM, p.h+2*BleedMM, Rect{BleedMM, BleedMM, p.w, p.h})
}
