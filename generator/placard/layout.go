package placard

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"unicode"

	qrcode "github.com/skip2/go-qrcode"
	"golang.org/x/text/unicode/norm"
)

// ptMM converts typographic points to millimetres.
const ptMM = 25.4 / 72

// Line metrics shared by all text, as fractions of the font size. DejaVu's
// descender is 0.236 em, and Vietnamese capitals with stacked diacritics
// (Ễ, Ỗ) reach about 1.08 em above the baseline: with the baseline 0.94 em
// below the top of a 1.22 em line, every glyph's ink stays inside its line
// except the tallest stacked accents on the first line, which reach into the
// gap above a block.
const (
	lineFactor     = 1.22
	baselineFactor = 0.94
)

// Lao stacks reach higher and lower: in Noto Sans Lao a vowel and a tone
// mark over a consonant rise to 1.11 em, a vowel below sinks to 0.30 em
// (the font's box to 0.44 em). A block holding Lao gets 1.5 em lines with
// the baseline 1.08 em below their top, so that the marks of one line never
// meet the next line's.
const (
	laoLineFactor     = 1.5
	laoBaselineFactor = 1.08
)

// MinModuleMM is the smallest QR module printed. A URL so long that its
// modules would be smaller is rejected: the code would not scan from a
// distance once weathered.
const MinModuleMM = 1.5

// Rect is an axis-aligned box in millimetres, measured from the top-left
// corner of the PDF page (the media box, which includes the bleed if any).
type Rect struct{ X, Y, W, H float64 }

// Right returns the x coordinate of the right edge.
func (r Rect) Right() float64 { return r.X + r.W }

// Bottom returns the y coordinate of the bottom edge.
func (r Rect) Bottom() float64 { return r.Y + r.H }

// Empty reports whether r has no area.
func (r Rect) Empty() bool { return r.W <= 0 || r.H <= 0 }

// Overlaps reports whether r and o share some area (touching edges do not count).
func (r Rect) Overlaps(o Rect) bool {
	if r.Empty() || o.Empty() {
		return false
	}
	const eps = 1e-9
	return r.X < o.Right()-eps && o.X < r.Right()-eps && r.Y < o.Bottom()-eps && o.Y < r.Bottom()-eps
}

// Inside reports whether r lies within o.
func (r Rect) Inside(o Rect) bool {
	const eps = 1e-9
	return r.X >= o.X-eps && r.Y >= o.Y-eps && r.Right() <= o.Right()+eps && r.Bottom() <= o.Bottom()+eps
}

// Text block roles, in drawing order.
const (
	RoleTitle        = "title"
	RoleTitleAlt     = "title-alt"
	RoleKind         = "kind"
	RoleKindAlt      = "kind-alt"
	RoleSummary      = "summary"
	RoleSummaryAlt   = "summary-alt"
	RoleURL          = "url"
	RoleID           = "id"
	RoleCTA          = "cta"
	RoleOrganization = "organization"
)

// TextBlock is one block of text after fitting: its lines, the font size
// they are set in, and the box they occupy (line boxes, which contain the
// ink of everything but the tallest stacked accents of the first line).
type TextBlock struct {
	Role      string
	Lines     []string
	SizePt    float64
	Bold      bool
	Mono      bool
	Box       Rect
	Shrunk    bool // set smaller than its design size to fit
	Truncated bool // cut short with an ellipsis to fit

	color  [3]int
	center bool
	gap    float64 // space wanted above the block, mm
	lao    bool    // holds Lao set in a Lao face: taller lines
}

// LineHeightMM returns the distance between two baselines of b.
func (b TextBlock) LineHeightMM() float64 {
	if b.lao {
		return b.SizePt * ptMM * laoLineFactor
	}
	return b.SizePt * ptMM * lineFactor
}

// baselineMM is the distance from the top of a line of b to its baseline.
func (b TextBlock) baselineMM() float64 {
	if b.lao {
		return b.SizePt * ptMM * laoBaselineFactor
	}
	return baselineFactor * b.SizePt * ptMM
}

// Layout is the geometry of one placard page, in millimetres from the
// top-left corner of the page. It is what Render draws; tests and callers
// use it to check that things fit.
type Layout struct {
	Paper        string
	PageW, PageH float64 // media box: trim size plus bleed
	Trim         Rect    // the finished placard after cutting
	Content      Rect    // Trim less the margins
	AccentBar    Rect    // thin red bar at the top
	Header       Rect    // room for title, kind lines and summary, above the quiet zone
	Blocks       []TextBlock
	QR           Rect    // the QR symbol's dark area, excluding the quiet zone
	QuietZone    Rect    // QR plus QuietZoneModules on every side: nothing else is drawn here
	Modules      int     // QR symbol width in modules, excluding the quiet zone
	ModuleMM     float64 // printed size of one module
	FooterRule   Rect    // thin rule above the footer; empty without a footer
	Logo         Rect    // empty without a logo

	data   Data // normalised
	fonts  *Fonts
	bitmap [][]bool
	logo   *logoImage
}

// Block returns the first block with the given role.
func (l *Layout) Block(role string) (TextBlock, bool) {
	for _, b := range l.Blocks {
		if b.Role == role {
			return b, true
		}
	}
	return TextBlock{}, false
}

// ComputeLayout returns the layout Render would draw for d, without drawing.
func ComputeLayout(d Data, o Options) (*Layout, error) {
	p, err := lookupPaper(o.Paper)
	if err != nil {
		return nil, err
	}
	return layoutDoc(d, p, o)
}

// font returns the face b is set in.
func (b TextBlock) font() fontKind {
	switch {
	case b.Bold:
		return fontBold
	case b.Mono:
		return fontMono
	}
	return fontSans
}

// measurer measures strings as they are printed: DejaVu runs by the
// fonts' advance widths (no kerning: none is applied when printing
// either), Lao runs by their shaped advances (shape.go).
type measurer struct{ fonts *Fonts }

// width returns the printed width of s in millimetres.
func (m measurer) width(k fontKind, sizePt float64, s string) float64 {
	if m.fonts == nil || !hasLao(s) { // the common case, measured often: no allocation
		f, w := tt(k, nil), 0
		for _, c := range s {
			w += f.runeWidth(c)
		}
		return float64(w) * sizePt / 1000 / ptPerMM
	}
	w, lao := 0, 0.0
	for _, r := range runs(nil, k, s, m.fonts) {
		if f := m.fonts.face(r.kind); f != nil {
			lao += f.width(r.s)
			continue
		}
		f := tt(r.kind, nil)
		for _, c := range r.s {
			w += f.runeWidth(c)
		}
	}
	return (float64(w) + lao) * sizePt / 1000 / ptPerMM
}

// Colours, as 0–255 RGB. Black and the greys are printed in black ink
// alone (see canvas.fillColor); the title, the ID and the main call to
// action are solid black.
var (
	colAccent = [3]int{180, 30, 30}
	colTitle  = [3]int{0, 0, 0}
	colText   = [3]int{45, 45, 45}
	colMuted  = [3]int{95, 95, 95}
	colKind   = [3]int{150, 28, 28}
	colRule   = [3]int{190, 190, 190}
)

// blockSpec is a text block before fitting.
type blockSpec struct {
	role      string
	text      string
	font      fontKind
	base, min float64 // font size range, pt
	maxLines  int
	gapBefore float64 // mm, when a block precedes it
	color     [3]int
}

// layoutDoc computes the layout of d on paper p.
func layoutDoc(d Data, p paperSpec, o Options) (*Layout, error) {
	if err := checkURL(d.URL); err != nil {
		return nil, err
	}
	d = normalise(d, o.Fonts)
	m := measurer{o.Fonts}
	s := p.scale

	l := &Layout{Paper: p.name, PageW: p.w, PageH: p.h, data: d, fonts: o.Fonts}
	l.Trim = Rect{0, 0, p.w, p.h}
	if o.Bleed {
		l.PageW += 2 * BleedMM
		l.PageH += 2 * BleedMM
		l.Trim.X, l.Trim.Y = BleedMM, BleedMM
	}
	margin, bottomMargin := 15*s, 13*s
	l.Content = Rect{l.Trim.X + margin, l.Trim.Y + margin, l.Trim.W - 2*margin, l.Trim.H - margin - bottomMargin}
	c := l.Content
	l.AccentBar = Rect{c.X, c.Y, c.W, 2.2 * s}

	// QR symbol, without the quiet zone: we place that ourselves.
	q, err := qrcode.New(d.URL, qrcode.Highest)
	if err != nil {
		return nil, fmt.Errorf("encoding QR code: %w", err)
	}
	q.DisableBorder = true
	l.bitmap = q.Bitmap()
	l.Modules = len(l.bitmap)
	l.ModuleMM = p.qr / float64(l.Modules)
	if l.ModuleMM < MinModuleMM {
		return nil, fmt.Errorf("URL too long for a placard: %d-module QR code gives %.2f mm modules on %s (minimum %.1f mm)",
			l.Modules, l.ModuleMM, p.name, MinModuleMM)
	}
	quiet := QuietZoneModules * l.ModuleMM
	if p.qr+2*quiet > c.W+2*margin-1e-9 {
		return nil, fmt.Errorf("QR code with quiet zone does not fit the %s page", p.name)
	}

	// Footer, from the bottom of the content box up.
	y := c.Bottom()
	var footer []TextBlock
	if d.Organization != "" || len(d.Logo) > 0 {
		h := 11 * s
		top := y - h
		var logoW, logoH float64
		if len(d.Logo) > 0 {
			li, err := loadLogo(d.Logo, d.LogoType)
			if err != nil {
				return nil, err
			}
			l.logo = li
			iw, ih := float64(li.w), float64(li.h)
			logoW, logoH = h*iw/ih, h
			if maxW := c.W / 3; logoW > maxW { // a very wide logo: keep its aspect
				logoW, logoH = maxW, maxW*ih/iw
			}
		}
		gap := 0.0
		if logoW > 0 && d.Organization != "" {
			gap = 4 * s
		}
		var org TextBlock
		if d.Organization != "" {
			org = fitBlock(m, blockSpec{role: RoleOrganization, text: d.Organization, font: fontBold,
				base: 11 * s, min: 7, maxLines: 2, color: colMuted}, c.W-logoW-gap, 11*s, 2)
		}
		orgW := 0.0
		for _, ln := range org.Lines {
			orgW = math.Max(orgW, m.width(fontBold, org.SizePt, ln))
		}
		x := c.X + (c.W-logoW-gap-orgW)/2
		if logoW > 0 {
			l.Logo = Rect{x, top + (h-logoH)/2, logoW, logoH}
		}
		if d.Organization != "" {
			th := float64(len(org.Lines)) * org.LineHeightMM()
			org.Box = Rect{x + logoW + gap, top + (h-th)/2, orgW, th}
			footer = append(footer, org)
		}
		l.FooterRule = Rect{c.X, top - 3.5*s, c.W, 0.2 * s}
		y = l.FooterRule.Y - 4.5*s
	}

	// Under the code, top-down: URL, ID, call to action. Fit them, then stack
	// them upwards from y.
	var below []TextBlock
	// The URL and the ID are what a visitor types when the camera fails:
	// they are never cut short.
	url := fitBlock(m, blockSpec{role: RoleURL, text: shortURL(d.URL), font: fontMono,
		base: 11.5 * s, min: 7, maxLines: 3, color: colText}, c.W, 11.5*s, 3)
	if url.Truncated {
		return nil, fmt.Errorf("URL %q too long to print under the code", d.URL)
	}
	below = append(below, url)
	if d.ID != "" {
		id := fitBlock(m, blockSpec{role: RoleID, text: d.ID, font: fontBold,
			base: 20 * s, min: 9, maxLines: 2, gapBefore: 1.2 * s, color: colTitle}, c.W, 20*s, 2)
		if id.Truncated {
			return nil, fmt.Errorf("ID %q too long to print", d.ID)
		}
		below = append(below, id)
	}
	for i, t := range d.CallToAction {
		sp := blockSpec{role: RoleCTA, text: t, font: fontSans, base: 12 * s, min: 7, maxLines: 1, gapBefore: 1 * s, color: colMuted}
		if i == 0 {
			sp.font, sp.base, sp.gapBefore, sp.color = fontBold, 14*s, 4.5*s, colTitle
		}
		below = append(below, fitBlock(m, sp, c.W, sp.base, 1))
	}
	belowH := 0.0
	for i, b := range below {
		if i > 0 {
			belowH += b.gap
		}
		belowH += b.Box.H
	}
	yy := y - belowH
	for i := range below {
		if i > 0 {
			yy += below[i].gap
		}
		below[i].Box.Y = yy
		below[i].Box.X = c.X
		below[i].Box.W = c.W
		yy += below[i].Box.H
	}

	// The code sits on top of that, with its quiet zone.
	qrBottom := y - belowH - quiet
	l.QR = Rect{c.X + (c.W-p.qr)/2, qrBottom - p.qr, p.qr, p.qr}
	l.QuietZone = Rect{l.QR.X - quiet, l.QR.Y - quiet, p.qr + 2*quiet, p.qr + 2*quiet}

	// The header gets whatever is left between the accent bar and the quiet zone.
	const headerGap = 1.5 // mm (scaled) between the header and the quiet zone, which is white anyway
	headerTop := l.AccentBar.Bottom() + 6*s
	l.Header = Rect{c.X, headerTop, c.W, l.QuietZone.Y - headerGap*s - headerTop}
	if l.Header.H <= 0 {
		return nil, errors.New("no room for the title above the QR code")
	}
	specs := []blockSpec{
		{role: RoleTitle, text: d.Title, font: fontBold, base: 32 * s, min: math.Max(16*s, 11), maxLines: 3, color: colTitle},
		{role: RoleTitleAlt, text: d.TitleAlt, font: fontSans, base: 17 * s, min: math.Max(10*s, 8), maxLines: 2, gapBefore: 1.5 * s, color: colMuted},
		{role: RoleKind, text: d.KindLine, font: fontSans, base: 13 * s, min: math.Max(9.5*s, 7), maxLines: 2, gapBefore: 4 * s, color: colKind},
		{role: RoleKindAlt, text: d.KindLineAlt, font: fontSans, base: 11.5 * s, min: math.Max(8.5*s, 7), maxLines: 2, gapBefore: 0.8 * s, color: colMuted},
		{role: RoleSummary, text: d.Summary, font: fontSans, base: 12.5 * s, min: math.Max(9.5*s, 7), maxLines: 5, gapBefore: 4 * s, color: colText},
		{role: RoleSummaryAlt, text: d.SummaryAlt, font: fontSans, base: 11 * s, min: math.Max(8.5*s, 7), maxLines: 4, gapBefore: 2 * s, color: colMuted},
	}
	head, err := fitHeader(m, specs, l.Header)
	if err != nil {
		return nil, err
	}

	// A short header leaves a hole above the code: split it, moving the code
	// and everything under it up by half, so the page stays balanced.
	{
		spare := l.Header.H
		if n := len(head); n > 0 {
			spare = l.Header.Bottom() - head[n-1].Box.Bottom()
		}
		if spare > 0 {
			up := spare / 2
			l.Header.H -= up
			l.QR.Y -= up
			l.QuietZone.Y -= up
			for i := range below {
				below[i].Box.Y -= up
			}
		}
	}
	l.Blocks = append(append(head, below...), footer...)
	return l, nil
}

// fitBlock sets sp.text in at most maxLines lines of the given width,
// starting at size cap and shrinking in quarter points down to sp.min; if it
// still does not fit, the last line ends with an ellipsis. The caller places
// the returned block's Box.
func fitBlock(m measurer, sp blockSpec, width, capPt float64, maxLines int) TextBlock {
	b := TextBlock{Role: sp.role, Bold: sp.font == fontBold, Mono: sp.font == fontMono, color: sp.color, center: true, gap: sp.gapBefore,
		lao: m.fonts != nil && hasLao(sp.text)}
	size := math.Max(capPt, sp.min)
	for {
		w := func(s string) float64 { return m.width(sp.font, size, s) }
		lines := wrap(sp.text, width, w, sp.font == fontMono)
		if len(lines) <= maxLines || size <= sp.min {
			if len(lines) > maxLines {
				lines = truncate(lines, maxLines, width, w)
				b.Truncated = true
			} else if len(lines) > 1 && sp.font != fontMono {
				lines = balance(sp.text, lines, width, w)
			}
			b.Lines, b.SizePt = lines, size
			break
		}
		size = math.Max(size-0.25, sp.min)
	}
	b.Shrunk = b.SizePt < sp.base-1e-9
	b.Box = Rect{W: width, H: float64(len(b.Lines)) * b.LineHeightMM()}
	return b
}

// maxGrow is how much larger than its design size header text may be set
// when there is room (short titles, no summary): bigger reads better outdoors.
const maxGrow = 1.25

// fitHeader fits the header blocks into box: it tries all of them together
// at maxGrow times their design size, then shrinks them towards their
// minimum sizes, then gives up lines, least important first, truncating with
// an ellipsis, and finally drops whole blocks.
func fitHeader(m measurer, specs []blockSpec, box Rect) ([]TextBlock, error) {
	var active []blockSpec
	for _, sp := range specs {
		if sp.text != "" {
			active = append(active, sp)
		}
	}
	maxLines := map[string]int{}
	for _, sp := range active {
		maxLines[sp.role] = sp.maxLines
	}
	fit := func(f float64) ([]TextBlock, float64, bool) {
		var blocks []TextBlock
		total, atFloor := 0.0, true
		for _, sp := range active {
			n := maxLines[sp.role]
			if n == 0 {
				continue
			}
			capPt := math.Max(sp.base*f, sp.min)
			if capPt > sp.min {
				atFloor = false
			}
			b := fitBlock(m, sp, box.W, capPt, n)
			if len(blocks) > 0 {
				total += sp.gapBefore
			}
			total += b.Box.H
			blocks = append(blocks, b)
		}
		return blocks, total, atFloor
	}
	place := func(blocks []TextBlock) []TextBlock {
		y := box.Y
		for i := range blocks {
			if i > 0 {
				y += blocks[i].gap
			}
			blocks[i].Box.X, blocks[i].Box.Y = box.X, y
			y += blocks[i].Box.H
		}
		return blocks
	}
	for f := maxGrow; ; f -= 0.02 {
		blocks, total, atFloor := fit(f)
		if total <= box.H {
			return place(blocks), nil
		}
		if atFloor {
			break
		}
	}
	// At minimum sizes and still too tall: give up lines, then blocks.
	steps := []struct {
		role  string
		lines int
	}{
		{RoleSummaryAlt, 2}, {RoleSummary, 3}, {RoleTitleAlt, 1}, {RoleKindAlt, 1}, {RoleKind, 1},
		{RoleSummaryAlt, 1}, {RoleSummary, 2}, {RoleTitle, 2}, {RoleSummaryAlt, 0}, {RoleSummary, 1}, {RoleTitle, 1},
		{RoleSummary, 0}, {RoleKindAlt, 0}, {RoleTitleAlt, 0}, {RoleKind, 0},
	}
	for _, st := range steps {
		for maxLines[st.role] > st.lines {
			maxLines[st.role]--
			blocks, total, _ := fit(0)
			if total <= box.H {
				return place(blocks), nil
			}
		}
	}
	return nil, errors.New("no room for the title above the QR code")
}

// wrap breaks text into lines no wider than width, at spaces; a word wider
// than a line is broken between characters (never before a combining mark).
// For the URL (breakAnywhere) it prefers to break after '/'.
func wrap(text string, width float64, w func(string) float64, breakAnywhere bool) []string {
	if text == "" {
		return nil
	}
	if w(text) <= width {
		return []string{text}
	}
	if breakAnywhere {
		return breakRunes(text, width, w, "/")
	}
	var lines []string
	cur := ""
	for _, word := range strings.Fields(text) {
		try := word
		if cur != "" {
			try = cur + " " + word
		}
		if w(try) <= width {
			cur = try
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
			cur = ""
		}
		if w(word) <= width {
			cur = word
			continue
		}
		parts := breakRunes(word, width, w, "")
		lines = append(lines, parts[:len(parts)-1]...)
		cur = parts[len(parts)-1]
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// balance re-wraps centred text into the same number of lines as the greedy
// wrap but with lines of similar length, so a two-line title does not leave
// one word alone on its second line. It finds the narrowest width that
// still gives that many lines.
func balance(text string, lines []string, width float64, w func(string) float64) []string {
	lo, hi := width/float64(len(lines)), width
	best := lines
	for i := 0; i < 12 && hi-lo > 0.2; i++ {
		mid := (lo + hi) / 2
		if l := wrap(text, mid, w, false); len(l) <= len(lines) {
			best, hi = l, mid
		} else {
			lo = mid
		}
	}
	return best
}

// breakRunes breaks s between characters into lines no wider than width,
// preferring to break after one of the characters in prefer. Lao text is
// broken between clusters, preferably where a syllable starts (laoBreak).
func breakRunes(s string, width float64, w func(string) float64, prefer string) []string {
	var lines []string
	rs := []rune(s)
	for len(rs) > 0 {
		// The longest start that fits (at least one character): widths
		// grow with every character added.
		lo, hi := 1, len(rs)
		for lo < hi {
			mid := (lo + hi + 1) / 2
			if w(string(rs[:mid])) <= width {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		n := lo
		if n < len(rs) && (isLao(rs[n]) || isLao(rs[n-1])) {
			n = laoBreakBefore(rs, n)
		}
		for n < len(rs) && unicode.Is(unicode.Mn, rs[n]) {
			n++ // keep combining marks with their base
		}
		if n < len(rs) && prefer != "" {
			for k := n; k > n/2; k-- {
				if strings.ContainsRune(prefer, rs[k-1]) {
					n = k
					break
				}
			}
		}
		lines = append(lines, string(rs[:n]))
		rs = rs[n:]
	}
	return lines
}

// laoBreakBefore returns where to break Lao text rs that fits up to n: the
// last syllable start at or before n, else the last cluster boundary, else
// n (a cluster wider than the line).
func laoBreakBefore(rs []rune, n int) int {
	for want := 2; want > 0; want-- {
		for k := n; k > 0; k-- {
			if laoBreak(rs, k) >= want {
				return k
			}
		}
	}
	return n
}

const ellipsis = "…"

// truncate keeps the first n lines and ends the last one with an ellipsis.
func truncate(lines []string, n int, width float64, w func(string) float64) []string {
	if n <= 0 {
		return nil
	}
	out := append([]string(nil), lines[:n]...)
	out[n-1] = ellipsize(out[n-1], width, w)
	return out
}

// ellipsize shortens s, preferably at a word boundary, until s+"…" fits width.
func ellipsize(s string, width float64, w func(string) float64) string {
	trim := func(s string) string {
		return strings.TrimRightFunc(s, func(r rune) bool {
			return unicode.IsSpace(r) || strings.ContainsRune(",;:·–—-(/", r)
		})
	}
	s = trim(s)
	for s != "" && w(s+ellipsis) > width {
		if i := strings.LastIndexByte(s, ' '); i > 0 {
			s = trim(s[:i])
			continue
		}
		rs := []rune(s)
		n := len(rs) - 1
		for n > 0 && isMark(rs[n]) && isLao(rs[n]) {
			n-- // a Lao cluster goes whole: not its consonant without its vowel
		}
		s = trim(string(rs[:n]))
	}
	return s + ellipsis
}

// checkURL rejects URLs that cannot be what a visitor should scan.
func checkURL(u string) error {
	if u == "" {
		return errors.New("empty URL")
	}
	for _, r := range u {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return fmt.Errorf("URL %q contains white space or a control character", u)
		}
	}
	return nil
}

// shortURL is the URL as printed under the code: without "https://", which
// every browser adds by itself.
func shortURL(u string) string {
	return cleanText(strings.TrimPrefix(u, "https://"))
}

// normalise returns d with every printed string NFC-normalised and
// cleaned, without the characters its face cannot draw (Missing reports
// them: check warns). The URL is left alone: the QR code holds it exactly.
func normalise(d Data, fonts *Fonts) Data {
	for _, f := range d.fields() {
		*f.text = printable(cleanText(*f.text), f.kind, fonts)
	}
	var cta []string
	for _, t := range d.CallToAction {
		if t != "" {
			cta = append(cta, t)
		}
	}
	d.CallToAction = cta
	return d
}

// field is one printed string of Data, and the face it is set in.
type field struct {
	role string
	text *string
	kind fontKind
}

// fields are d's printed strings (the URL apart: it is checked, not
// cleaned), in the order they are printed.
func (d *Data) fields() []field {
	fs := []field{
		{RoleTitle, &d.Title, fontBold}, {RoleTitleAlt, &d.TitleAlt, fontSans},
		{RoleKind, &d.KindLine, fontSans}, {RoleKindAlt, &d.KindLineAlt, fontSans},
		{RoleSummary, &d.Summary, fontSans}, {RoleSummaryAlt, &d.SummaryAlt, fontSans},
		{RoleID, &d.ID, fontBold},
	}
	d.CallToAction = append([]string(nil), d.CallToAction...) // not the caller's array
	for i := range d.CallToAction {
		k := fontSans
		if i == 0 {
			k = fontBold
		}
		fs = append(fs, field{RoleCTA, &d.CallToAction[i], k})
	}
	return append(fs, field{RoleOrganization, &d.Organization, fontBold})
}

// canPrint reports whether a face draws r in text of kind k: Lao letters
// need a Lao face (DejaVu's few Lao glyphs cannot be stacked), everything
// else a glyph in the DejaVu face.
func canPrint(r rune, k fontKind, fonts *Fonts) bool {
	if r == ' ' {
		return true
	}
	if isLao(r) {
		f := fonts.face(k.lao())
		return f != nil && f.tt.glyphID(r) != 0
	}
	return tt(k, nil).glyphID(r) != 0
}

// printable returns s without the characters canPrint refuses: a placard
// never prints the empty box of a missing glyph.
func printable(s string, k fontKind, fonts *Fonts) string {
	for _, r := range s {
		if !canPrint(r, k, fonts) {
			b := make([]rune, 0, len(s))
			for _, r := range s {
				if canPrint(r, k, fonts) {
					b = append(b, r)
				}
			}
			return cleanText(string(b)) // no double space where one was dropped
		}
	}
	return s
}

// Unprintable is a character of a placard's text that its fonts cannot
// draw, and the block it is in (RoleTitle...). Render leaves it out.
type Unprintable struct {
	Role string
	Rune rune
}

// Missing returns the characters of d's printed text that the placard's
// fonts (DejaVu, and o.Fonts' Lao faces) have no glyph for, each once per
// block, in the order they are printed: emoji, Khmer, Lao without a Lao
// font. Render prints d without them.
func Missing(d Data, o Options) []Unprintable {
	var out []Unprintable
	seen := map[Unprintable]bool{}
	for _, f := range d.fields() {
		for _, r := range cleanText(*f.text) {
			u := Unprintable{f.role, r}
			if !canPrint(r, f.kind, o.Fonts) && !seen[u] {
				seen[u] = true
				out = append(out, u)
			}
		}
	}
	return out
}

// cleanText NFC-normalises s, collapses runs of white space into one space
// and drops control characters, soft hyphens and zero-width spaces.
func cleanText(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r), r == '\u00ad', r == '\u200b', r == '\ufeff':
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
