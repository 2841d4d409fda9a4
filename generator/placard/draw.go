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

// text prints s in font k at sizePt with its baseline starting at (x, y).
func (c *canvas) text(k fontKind, sizePt, x, y float64, s string) {
	f := k.font()
	df := c.doc.font(k)
	c.b = append(c.b, "BT /"...)
	c.b = append(c.b, fontResource(k)...)
	c.b = append(c.b, ' ')
	c.num(sizePt)
	c.b = append(c.b, "Tf "...)
	c.x(x)
	c.y(y)
	c.b = append(c.b, "Td <"...)
	const hexDigits = "0123456789ABCDEF"
	for _, r := range s {
		g := df.codeFor(f, r)
		c.b = append(c.b, hexDigits[g>>12], hexDigits[g>>8&15], hexDigits[g>>4&15], hexDigits[g&15])
	}
	c.b = append(c.b, "> Tj ET\n"...)
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
			x += (b.Box.W - measurer{}.width(k, b.SizePt, ln)) / 2
		}
		c.text(k, b.SizePt, x, b.Box.Y+float64(i)*lh+baselineFactor*b.SizePt*ptMM, ln)
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
