package placard

import (
	"strconv"
)

// canvas builds the content stream of one page. Coordinates are taken in
// millimetres from the top-left corner, as in Layout, and written in PDF
// points from the bottom-left.
type canvas struct {
	doc *document
	b   []byte
}

func (c *canvas) num(v float64) { c.b = appendNum(c.b, v); c.b = append(c.b, ' ') }

func (c *canvas) x(mm float64) { c.num(mm * ptPerMM) }
func (c *canvas) y(mm float64) { c.num((c.doc.pageH - mm) * ptPerMM) }

// fillColor sets the fill colour. A neutral colour (black and the greys)
// is written as DeviceGray, so it prints with black ink alone; an RGB grey
// or black would become a mix of all four inks on a print shop's press.
// Other colours (the red of the accent bar and the kind line) stay RGB.
func (c *canvas) fillColor(rgb [3]int) {
	if rgb[0] == rgb[1] && rgb[1] == rgb[2] {
		c.b = appendColor(c.b, rgb[0])
		c.b = append(c.b, "g\n"...)
		return
	}
	for _, v := range rgb {
		c.b = appendColor(c.b, v)
	}
	c.b = append(c.b, "rg\n"...)
}

// appendColor appends the colour component v/255 and a space: "0 " for
// black, "1 " for white, else three decimals.
func appendColor(b []byte, v int) []byte {
	switch v {
	case 0:
		b = append(b, '0')
	case 255:
		b = append(b, '1')
	default:
		b = strconv.AppendFloat(b, float64(v)/255, 'f', 3, 64)
	}
	return append(b, ' ')
}

// fillRect fills r with the current fill colour.
func (c *canvas) fillRect(r Rect) {
	c.x(r.X)
	c.y(r.Bottom())
	c.num(r.W * ptPerMM)
	c.num(r.H * ptPerMM)
	c.b = append(c.b, "re f\n"...)
}

// line strokes a line from (x1,y1) to (x2,y2).
func (c *canvas) line(x1, y1, x2, y2 float64) {
	c.x(x1)
	c.y(y1)
	c.b = append(c.b, "m "...)
	c.x(x2)
	c.y(y2)
	c.b = append(c.b, "l S\n"...)
}

// text prints s in font k at sizePt with its baseline starting at (x, y):
// one text object, a run at a time (shape.go), each run continuing where
// the one before it ended.
func (c *canvas) text(k fontKind, sizePt, x, y float64, s string) {
	c.b = append(c.b, "BT "...)
	var buf [4]textRun
	for i, r := range runs(buf[:0], k, s, c.doc.extra) {
		c.b = append(c.b, '/')
		c.b = append(c.b, fontResource(r.kind)...)
		c.b = append(c.b, ' ')
		c.num(sizePt)
		c.b = append(c.b, "Tf "...)
		if i == 0 {
			c.x(x)
			c.y(y)
			c.b = append(c.b, "Td "...)
		}
		if f := c.doc.extra.face(r.kind); f != nil {
			c.shaped(r.kind, f, sizePt, r.s)
			continue
		}
		f, df := tt(r.kind, nil), c.doc.font(r.kind)
		c.b = append(c.b, '<')
		for _, r := range r.s {
			c.hex(df.codeFor(f, r))
		}
		c.b = append(c.b, "> Tj "...)
	}
	c.b = append(c.b, "ET\n"...)
}

func (c *canvas) hex(g uint16) {
	const hexDigits = "0123456789ABCDEF"
	c.b = append(c.b, hexDigits[g>>12], hexDigits[g>>8&15], hexDigits[g>>4&15], hexDigits[g&15])
}

// shaped prints the Lao run s as HarfBuzz shapes it: each glyph where the
// shaper puts it, by TJ adjustments (horizontal offsets and advances that
// differ from the glyph's width) and text rise, Ts (marks moved up or
// down). The run is a marked-content span whose ActualText is s, so that
// copying, searching and pdftotext give the text as written, whatever the
// glyphs: one glyph for two marks, a vowel split in two (ຳ), a mark in a
// raised form.
func (c *canvas) shaped(k fontKind, f *face, sizePt float64, s string) {
	df := c.doc.font(k)
	gs := f.shape(s)
	texts := glyphTexts(f, gs)
	c.b = append(c.b, "/Span << /ActualText "...)
	c.b = append(c.b, textString(s)...)
	c.b = append(c.b, " >> BDC "...)
	cur, pen, rise, open := 0.0, 0.0, 0.0, false
	for i, g := range gs {
		if g.yoff != rise {
			if open {
				c.b = append(c.b, "] TJ "...)
				open = false
			}
			rise = g.yoff
			c.num(rise * sizePt / 1000)
			c.b = append(c.b, "Ts "...)
		}
		if !open {
			c.b = append(c.b, '[')
			open = true
		}
		target := pen + g.xoff
		if adj := target - cur; adj > 0.005 || adj < -0.005 {
			c.b = appendNum(c.b, -adj) // a TJ number moves left, in 1/1000 em
		}
		c.b = append(c.b, '<')
		c.hex(df.codeForGlyph(g.gid, texts[i]))
		c.b = append(c.b, '>')
		cur = target + float64(f.tt.width[g.gid])
		pen += g.adv
	}
	if !open {
		c.b = append(c.b, '[')
	}
	if adj := pen - cur; adj > 0.005 || adj < -0.005 {
		c.b = appendNum(c.b, -adj)
	}
	c.b = append(c.b, "] TJ "...)
	if rise != 0 {
		c.b = append(c.b, "0 Ts "...)
	}
	c.b = append(c.b, "EMC "...)
}

// glyphTexts returns what each shaped glyph copies as in ToUnicode (used
// by readers that ignore ActualText): the character the font's cmap gives
// the glyph when it is one of its cluster's; the cluster's other
// characters go to its first glyph without one, so that a glyph standing
// for several characters (a ligature) maps to all of them.
func glyphTexts(f *face, gs []shapedGlyph) []string {
	out := make([]string, len(gs))
	for i := 0; i < len(gs); {
		j := i + 1
		for j < len(gs) && !gs[j].first {
			j++
		}
		left := append([]rune(nil), gs[i].cluster...)
		claimed := make([]bool, j-i)
		for k := i; k < j; k++ {
			if r, ok := f.rev[gs[k].gid]; ok {
				for x, c := range left {
					if c == r {
						out[k], claimed[k-i] = string(r), true
						left = append(left[:x], left[x+1:]...)
						break
					}
				}
			}
		}
		if len(left) > 0 {
			for k := i; k < j; k++ {
				if !claimed[k-i] {
					out[k] = string(left)
					break
				}
			}
		}
		i = j
	}
	return out
}

// drawPage adds a page to doc and draws l on it.
func drawPage(doc *document, l *Layout) {
	c := &canvas{doc: doc, b: make([]byte, 0, 16<<10)}

	c.fillColor(colAccent)
	c.fillRect(l.AccentBar)

	for _, b := range l.Blocks {
		drawBlock(c, b)
	}

	drawQR(c, l)

	if !l.FooterRule.Empty() {
		c.fillColor(colRule)
		c.fillRect(l.FooterRule)
	}
	if l.logo != nil {
		name := doc.image(l.logo)
		r := l.Logo
		c.b = append(c.b, "q "...)
		c.num(r.W * ptPerMM)
		c.b = append(c.b, "0 0 "...)
		c.num(r.H * ptPerMM)
		c.x(r.X)
		c.y(r.Bottom())
		c.b = append(c.b, "cm /"...)
		c.b = append(c.b, name...)
		c.b = append(c.b, " Do Q\n"...)
	}
	if l.Trim.X > 0 {
		drawCropMarks(c, l)
	}
	doc.addPage(c.b)
}

// drawBlock draws the lines of b, each centred in b.Box.
func drawBlock(c *canvas, b TextBlock) {
	k := b.font()
	c.fillColor(b.color)
	lh := b.LineHeightMM()
	for i, ln := range b.Lines {
		x := b.Box.X
		if b.center {
			x += (b.Box.W - measurer{c.doc.extra}.width(k, b.SizePt, ln)) / 2
		}
		c.text(k, b.SizePt, x, b.Box.Y+float64(i)*lh+b.baselineMM(), ln)
	}
}

// drawQR draws the QR symbol as vector squares: every horizontal run of dark
// modules becomes one rectangle, and all rectangles form a single path that
// is filled once. One path (rather than a fill per rectangle) means
// anti-aliasing renderers show no hairline seams between rows.
//
// The quiet zone is not drawn: the page is white there, and the layout keeps
// all other ink out of it.
func drawQR(c *canvas, l *Layout) {
	mod := l.ModuleMM
	c.b = append(c.b, "q 0 g\n"...) // black ink alone, whatever the text colour was
	for row, line := range l.bitmap {
		y := l.QR.Y + float64(row)*mod
		for col := 0; col < len(line); {
			if !line[col] {
				col++
				continue
			}
			start := col
			for col < len(line) && line[col] {
				col++
			}
			x := l.QR.X + float64(start)*mod
			w := float64(col-start) * mod
			// PDF user space: origin bottom-left, y up, in points.
			for _, v := range [4]float64{x * ptPerMM, (c.doc.pageH - y - mod) * ptPerMM, w * ptPerMM, mod * ptPerMM} {
				c.b = strconv.AppendFloat(c.b, v, 'f', 3, 64)
				c.b = append(c.b, ' ')
			}
			c.b = append(c.b, "re\n"...)
		}
	}
	c.b = append(c.b, "f\nQ\n"...)
}

// drawCropMarks draws thin black marks in the bleed, in line with the trim
// edges, stopping short of the trim box so they never show on the cut
// placard.
func drawCropMarks(c *canvas, l *Layout) {
	const gap = 0.8 // mm between a mark and the trim edge
	c.b = append(c.b, "0 G "...)
	c.num(0.1 * ptPerMM)
	c.b = append(c.b, "w\n"...)
	t := l.Trim
	for _, x := range []float64{t.X, t.Right()} {
		c.line(x, 0, x, t.Y-gap)
		c.line(x, t.Bottom()+gap, x, l.PageH)
	}
	for _, y := range []float64{t.Y, t.Bottom()} {
		c.line(0, y, t.X-gap, y)
		c.line(t.Right()+gap, y, l.PageW, y)
	}
}
