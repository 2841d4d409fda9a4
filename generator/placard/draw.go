package placard

import (
	"fmt"
	"strings"

	"github.com/jung-kurt/gofpdf"
)

// drawPage adds a page to pdf and draws l on it.
func drawPage(pdf *gofpdf.Fpdf, l *Layout, index int) error {
	pdf.AddPage()

	pdf.SetFillColor(colAccent[0], colAccent[1], colAccent[2])
	r := l.AccentBar
	pdf.Rect(r.X, r.Y, r.W, r.H, "F")

	for _, b := range l.Blocks {
		drawBlock(pdf, b)
	}

	drawQR(pdf, l)

	if !l.FooterRule.Empty() {
		pdf.SetFillColor(colRule[0], colRule[1], colRule[2])
		r := l.FooterRule
		pdf.Rect(r.X, r.Y, r.W, r.H, "F")
	}
	if l.logoName != "" {
		r := l.Logo
		pdf.ImageOptions(l.logoName, r.X, r.Y, r.W, r.H, false, gofpdf.ImageOptions{}, 0, "")
	}
	if l.Trim.X > 0 {
		drawCropMarks(pdf, l)
	}
	if err := pdf.Error(); err != nil {
		return fmt.Errorf("drawing page %d: %w", index+1, err)
	}
	return nil
}

// drawBlock draws the lines of b, each centred in b.Box.
func drawBlock(pdf *gofpdf.Fpdf, b TextBlock) {
	k := fontSans
	switch {
	case b.Bold:
		k = fontBold
	case b.Mono:
		k = fontMono
	}
	fam, style := k.family()
	pdf.SetFont(fam, style, b.SizePt)
	pdf.SetTextColor(b.color[0], b.color[1], b.color[2])
	lh := b.LineHeightMM()
	for i, ln := range b.Lines {
		x := b.Box.X
		if b.center {
			x += (b.Box.W - pdf.GetStringWidth(ln)) / 2
		}
		pdf.Text(x, b.Box.Y+float64(i)*lh+baselineFactor*b.SizePt*ptMM, ln)
	}
}

// drawQR draws the QR symbol as vector squares: every horizontal run of dark
// modules becomes one rectangle, and all rectangles form a single path that
// is filled once. One path (rather than a fill per rectangle) means
// anti-aliasing renderers show no hairline seams between rows.
//
// The quiet zone is not drawn: the page is white there, and the layout keeps
// all other ink out of it.
func drawQR(pdf *gofpdf.Fpdf, l *Layout) {
	k := pdf.GetConversionRatio() // points per mm
	_, pageH := pdf.GetPageSize()
	mod := l.ModuleMM
	var sb strings.Builder
	sb.WriteString("q 0 0 0 rg\n") // pure black, whatever the text colour was
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
			fmt.Fprintf(&sb, "%.3f %.3f %.3f %.3f re\n", x*k, (pageH-y-mod)*k, w*k, mod*k)
		}
	}
	sb.WriteString("f\nQ")
	pdf.RawWriteStr(sb.String())
}

// drawCropMarks draws thin marks in the bleed, in line with the trim edges,
// stopping short of the trim box so they never show on the cut placard.
func drawCropMarks(pdf *gofpdf.Fpdf, l *Layout) {
	const gap = 0.8 // mm between a mark and the trim edge
	pdf.SetDrawColor(0, 0, 0)
	pdf.SetLineWidth(0.1)
	t := l.Trim
	for _, x := range []float64{t.X, t.Right()} {
		pdf.Line(x, 0, x, t.Y-gap)
		pdf.Line(x, t.Bottom()+gap, x, l.PageH)
	}
	for _, y := range []float64{t.Y, t.Bottom()} {
		pdf.Line(0, y, t.X-gap, y)
		pdf.Line(t.Right()+gap, y, l.PageW, y)
	}
}
