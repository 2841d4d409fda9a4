package placard

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"fmt"
	"hash/fnv"
	"io"
	"strconv"
	"sync"
	"time"
	"unicode/utf16"
)

// ptPerMM converts millimetres to PDF points.
const ptPerMM = 72 / 25.4

// document writes one PDF: pages as they are drawn, then the fonts (each
// a subset of the glyphs the document prints), the shared resources, the
// page tree, metadata and the cross-reference table.
//
// Object 1 is the page tree and object 2 the resource dictionary every page
// shares; both are written last, when all pages, fonts and images are known.
type document struct {
	pageW, pageH float64 // mm, media box
	trim         Rect    // mm from the top-left corner: the finished size

	buf     bytes.Buffer
	offsets []int // offsets[n] is where object n starts
	pages   []int // page object numbers

	fonts  [numFonts]*docFont // nil until the font is used
	extra  *Fonts             // the Lao faces, when the placards have them
	images []*docImage        // in order of first use
	byName map[string]*docImage
}

// docFont is a font as used in one document. Character codes in the page
// content are the glyph numbers of the embedded subset, given in order of
// first use: glyph 0 is .notdef, glyph i the font's glyph order[i], first
// printed for the character runes[i], or for a shaped glyph the text
// shaped[i] (what ToUnicode maps it to: see glyphTexts; "" for none).
type docFont struct {
	obj    int // Type0 font object
	order  []uint16
	runes  []rune
	shaped map[uint16]string
	code   map[uint16]uint16 // the font's glyph ID -> subset glyph number
}

// codeFor returns the character code that prints r in font f.
func (df *docFont) codeFor(f *ttFont, r rune) uint16 {
	g := f.glyphID(r)
	if g == 0 {
		return 0
	}
	c, ok := df.code[g]
	if !ok {
		c = df.add(g)
		df.runes[c] = r
	}
	return c
}

// codeForGlyph returns the character code of the font's shaped glyph g,
// which copies as text when first used.
func (df *docFont) codeForGlyph(g uint16, text string) uint16 {
	c, ok := df.code[g]
	if !ok {
		c = df.add(g)
		if df.shaped == nil {
			df.shaped = map[uint16]string{}
		}
		df.shaped[c] = text
	}
	return c
}

func (df *docFont) add(g uint16) uint16 {
	c := uint16(len(df.order))
	df.code[g] = c
	df.order = append(df.order, g)
	df.runes = append(df.runes, 0)
	return c
}

type docImage struct {
	name string
	obj  int
}

func newPDF(pageW, pageH float64, trim Rect) *document {
	d := &document{pageW: pageW, pageH: pageH, trim: trim, offsets: []int{0, 0, 0}, byName: map[string]*docImage{}}
	d.buf.Grow(64 << 10)
	d.buf.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	return d
}

// alloc reserves an object number.
func (d *document) alloc() int {
	d.offsets = append(d.offsets, 0)
	return len(d.offsets) - 1
}

// begin starts writing object n.
func (d *document) begin(n int) {
	d.offsets[n] = d.buf.Len()
	d.buf.WriteString(strconv.Itoa(n))
	d.buf.WriteString(" 0 obj\n")
}

// object writes object n with the given dictionary or value.
func (d *document) object(n int, body string) {
	d.begin(n)
	d.buf.WriteString(body)
	d.buf.WriteString("\nendobj\n")
}

// stream writes object n as a Flate-compressed stream; dict holds extra
// entries for the stream dictionary.
func (d *document) stream(n int, dict string, data []byte) {
	z := deflate(data)
	d.streamRaw(n, dict+" /Filter /FlateDecode", z.Bytes())
	putDeflated(z)
}

// streamRaw writes object n as a stream of data as it is.
func (d *document) streamRaw(n int, dict string, data []byte) {
	d.begin(n)
	fmt.Fprintf(&d.buf, "<< /Length %d %s >>\nstream\n", len(data), dict)
	d.buf.Write(data)
	d.buf.WriteString("\nendstream\nendobj\n")
}

// font returns font k as used in d, reserving its object on first use.
func (d *document) font(k fontKind) *docFont {
	if d.fonts[k] == nil {
		d.fonts[k] = &docFont{obj: d.alloc(), order: []uint16{0}, runes: []rune{0}, code: map[uint16]uint16{}}
	}
	return d.fonts[k]
}

func fontResource(k fontKind) string { return "F" + strconv.Itoa(int(k)+1) }

// addPage writes a page with the given (uncompressed) content.
func (d *document) addPage(content []byte) {
	c := d.alloc()
	d.stream(c, "", content)
	p := d.alloc()
	var b []byte
	b = append(b, "<< /Type /Page /Parent 1 0 R /MediaBox [0 0 "...)
	b = appendNum(b, d.pageW*ptPerMM)
	b = append(b, ' ')
	b = appendNum(b, d.pageH*ptPerMM)
	// Every page has a TrimBox, as print shops' preflight (and PDF/X)
	// asks: the media box itself, or the media box less the bleed. PDF
	// boxes count from the bottom-left corner, in points.
	b = append(b, "] /TrimBox ["...)
	t := d.trim
	for i, v := range []float64{t.X, d.pageH - t.Bottom(), t.Right(), d.pageH - t.Y} {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendNum(b, v*ptPerMM)
	}
	b = append(b, ']')
	b = append(b, " /Resources 2 0 R /Contents "...)
	b = strconv.AppendInt(b, int64(c), 10)
	b = append(b, " 0 R >>"...)
	d.object(p, string(b))
	d.pages = append(d.pages, p)
}

// meta is the document information dictionary.
type meta struct {
	title, subject, keywords string
	created                  time.Time
}

// finish writes everything that pages refer to and returns the file.
func (d *document) finish(m meta) []byte {
	for k, df := range d.fonts {
		if df != nil {
			d.writeFont(fontKind(k), df)
		}
	}

	var res bytes.Buffer
	res.WriteString("<< /ProcSet [/PDF /Text /ImageB /ImageC /ImageI]\n/Font <<")
	for k, df := range d.fonts {
		if df != nil {
			fmt.Fprintf(&res, " /%s %d 0 R", fontResource(fontKind(k)), df.obj)
		}
	}
	res.WriteString(" >>")
	if len(d.images) > 0 {
		res.WriteString("\n/XObject <<")
		for _, im := range d.images {
			fmt.Fprintf(&res, " /%s %d 0 R", im.name, im.obj)
		}
		res.WriteString(" >>")
	}
	res.WriteString(" >>")
	d.object(2, res.String())

	var kids bytes.Buffer
	for i, p := range d.pages {
		if i > 0 {
			kids.WriteByte(' ')
		}
		fmt.Fprintf(&kids, "%d 0 R", p)
	}
	d.object(1, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids.String(), len(d.pages)))

	// In UTC, said so as PDF 1.4 writes it ("Z00'00'": pdfcpu's strict
	// mode refuses a bare "Z").
	date := "(D:" + m.created.UTC().Format("20060102150405") + "Z00'00')"
	var info bytes.Buffer
	info.WriteString("<< /Producer " + textString("diachido placard") + " /Creator " + textString("diachido"))
	if m.title != "" {
		info.WriteString("\n/Title " + textString(m.title))
	}
	if m.subject != "" {
		info.WriteString("\n/Subject " + textString(m.subject))
	}
	if m.keywords != "" {
		info.WriteString("\n/Keywords " + textString(m.keywords))
	}
	info.WriteString("\n/CreationDate " + date + " /ModDate " + date + " >>")
	infoObj := d.alloc()
	d.object(infoObj, info.String())
	root := d.alloc()
	open := ""
	if len(d.pages) > 0 {
		open = fmt.Sprintf(" /OpenAction [%d 0 R /Fit] /PageLayout /SinglePage", d.pages[0])
	}
	d.object(root, "<< /Type /Catalog /Pages 1 0 R"+open+" >>")

	xref := d.buf.Len()
	fmt.Fprintf(&d.buf, "xref\n0 %d\n0000000000 65535 f \n", len(d.offsets))
	for _, off := range d.offsets[1:] {
		fmt.Fprintf(&d.buf, "%010d 00000 n \n", off)
	}
	// The file identifier is the MD5 of everything above the trailer,
	// twice (the file as first written, and as it is now): the same input
	// gives the same file, a different one another ID.
	id := md5.Sum(d.buf.Bytes())
	fmt.Fprintf(&d.buf, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%x> <%x>] >>\nstartxref\n%d\n%%%%EOF\n", len(d.offsets), root, infoObj, id, id, xref)
	return d.buf.Bytes()
}

// writeFont writes font k as a Type 0 font with Identity-H encoding (the
// character codes in the page content are glyph numbers of the embedded
// subset), its CID font, its descriptor, the subset itself and a ToUnicode
// map so text can be searched and copied.
func (d *document) writeFont(k fontKind, df *docFont) {
	f := tt(k, d.extra)
	sub, glyphs := f.subset(df.order)
	name := subsetTag(glyphs) + "+" + f.psName
	cid, desc, file, toUni := d.alloc(), d.alloc(), d.alloc(), d.alloc()

	d.object(df.obj, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", name, cid, toUni))

	w := make([]byte, 0, 5*len(glyphs))
	for i, g := range glyphs {
		if i > 0 {
			w = append(w, ' ')
		}
		w = strconv.AppendInt(w, int64(f.width[g]), 10)
	}
	d.object(cid, fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /DW %d /W [0 [%s]] /CIDToGIDMap /Identity >>",
		name, desc, f.missingWidth, w))
	d.object(desc, fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %d /Ascent %d /Descent %d /CapHeight %d /StemV %d /MissingWidth %d /FontFile2 %d 0 R >>",
		name, f.flags, f.bbox[0], f.bbox[1], f.bbox[2], f.bbox[3], f.italicAngle, f.ascent, f.descent, f.capHeight, f.stemV, f.missingWidth, file))
	d.stream(file, "/Length1 "+strconv.Itoa(len(sub)), sub)

	var cm bytes.Buffer
	cm.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	// Code i+1 printed printed[i]. A glyph with no text of its own (a
	// part of a shaped cluster whose text another glyph carries) is left
	// out: the cluster's text is the span's ActualText anyway.
	printed := make([]int, 0, len(df.runes))
	for c := 1; c < len(df.runes); c++ {
		if t, ok := df.shaped[uint16(c)]; !ok || t != "" {
			printed = append(printed, c)
		}
	}
	for i := 0; i < len(printed); i += 100 {
		chunk := printed[i:min(i+100, len(printed))]
		fmt.Fprintf(&cm, "%d beginbfchar\n", len(chunk))
		for _, c := range chunk {
			fmt.Fprintf(&cm, "<%04X> <", c)
			if t, ok := df.shaped[uint16(c)]; ok {
				for _, r := range t {
					appendUTF16(&cm, r)
				}
			} else {
				appendUTF16(&cm, df.runes[c])
			}
			cm.WriteString(">\n")
		}
		cm.WriteString("endbfchar\n")
	}
	cm.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	d.stream(toUni, "", cm.Bytes())
}

// appendUTF16 writes r as UTF-16BE in hex: one code unit, or a surrogate
// pair.
func appendUTF16(b *bytes.Buffer, r rune) {
	const hexDigits = "0123456789ABCDEF"
	unit := func(u uint16) {
		b.Write([]byte{hexDigits[u>>12], hexDigits[u>>8&15], hexDigits[u>>4&15], hexDigits[u&15]})
	}
	if r1, r2 := utf16.EncodeRune(r); r1 != '\uFFFD' || r2 != '\uFFFD' {
		unit(uint16(r1))
		unit(uint16(r2))
		return
	}
	unit(uint16(r))
}

// subsetTag is the six capital letters that name a font subset, derived
// from the glyphs it holds.
func subsetTag(gids []uint16) string {
	h := fnv.New64a()
	var b [2]byte
	for _, g := range gids {
		b[0], b[1] = byte(g>>8), byte(g)
		h.Write(b[:])
	}
	v := h.Sum64()
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + byte(v%26)
		v /= 26
	}
	return string(tag)
}

// textString encodes s as a PDF text string: UTF-16BE with a byte-order mark,
// in hex.
func textString(s string) string {
	b := []byte("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		b = fmt.Appendf(b, "%04X", u)
	}
	return string(append(b, '>'))
}

// appendNum appends v with two decimals, as PDF coordinates are written.
func appendNum(b []byte, v float64) []byte { return strconv.AppendFloat(b, v, 'f', 2, 64) }

// Compression: a zlib writer allocates about a megabyte of tables, so
// writers (and output buffers) are reused rather than made per stream.
var (
	zwPool  = sync.Pool{New: func() any { w, _ := zlib.NewWriterLevel(io.Discard, zlib.BestSpeed); return w }}
	bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

// deflate returns data zlib-compressed, in a buffer to hand back with
// putDeflated once written.
func deflate(data []byte) *bytes.Buffer {
	out := bufPool.Get().(*bytes.Buffer)
	out.Reset()
	w := zwPool.Get().(*zlib.Writer)
	w.Reset(out)
	w.Write(data)
	w.Close()
	zwPool.Put(w)
	return out
}

func putDeflated(b *bytes.Buffer) {
	if b.Cap() <= 1<<20 {
		bufPool.Put(b)
	}
}
