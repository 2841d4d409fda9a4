package placard

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
)

// ttFont is a TrueType font parsed once: the metrics that layout measures
// with, and the tables that subset() copies into each PDF. It is read-only
// after parseTTF, so every render on every core shares it.
type ttFont struct {
	psName    string // PostScript name, for the PDF BaseFont
	upem      int
	numGlyphs int
	cmap      []uint16 // BMP code point -> glyph ID (0: not in the font)
	width     []int    // glyph ID -> advance in 1/1000 em, rounded
	advance   []uint16 // glyph ID -> advance in font units
	lsb       []int16  // glyph ID -> left side bearing in font units
	loca      []uint32 // glyph ID -> offset into glyf; numGlyphs+1 entries
	glyf      []byte
	tables    map[string][]byte // head, hhea, maxp, cvt, fpgm, prep: copied into subsets

	// Font descriptor values, in 1/1000 em.
	ascent, descent, capHeight int
	bbox                       [4]int
	italicAngle                int
	stemV                      int
	flags                      int
	missingWidth               int
}

// parseTTF reads the tables of a TrueType font that placards need.
func parseTTF(b []byte) (*ttFont, error) {
	if len(b) < 12 {
		return nil, errors.New("font: too short")
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	tables := map[string][]byte{}
	for i := 0; i < n; i++ {
		r := b[12+16*i:]
		if len(r) < 16 {
			return nil, errors.New("font: truncated table directory")
		}
		off, size := binary.BigEndian.Uint32(r[8:]), binary.BigEndian.Uint32(r[12:])
		if uint64(off)+uint64(size) > uint64(len(b)) {
			return nil, fmt.Errorf("font: table %q outside the file", r[:4])
		}
		tables[string(r[:4])] = b[off : off+size]
	}
	for _, t := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap"} {
		if tables[t] == nil {
			return nil, fmt.Errorf("font: no %s table", t)
		}
	}
	f := &ttFont{tables: map[string][]byte{}, glyf: tables["glyf"]}
	for _, t := range []string{"head", "hhea", "maxp", "cvt ", "fpgm", "prep"} {
		if tables[t] != nil {
			f.tables[t] = tables[t]
		}
	}
	head, hhea := tables["head"], tables["hhea"]
	if len(head) < 54 || len(hhea) < 36 || len(tables["maxp"]) < 6 {
		return nil, errors.New("font: short head, hhea or maxp table")
	}
	u16 := func(b []byte, o int) int { return int(binary.BigEndian.Uint16(b[o:])) }
	i16 := func(b []byte, o int) int { return int(int16(binary.BigEndian.Uint16(b[o:]))) }
	f.upem = u16(head, 18)
	if f.upem == 0 {
		return nil, errors.New("font: unitsPerEm is 0")
	}
	scale := func(v int) int { return int(math.Round(float64(v) * 1000 / float64(f.upem))) }
	f.bbox = [4]int{scale(i16(head, 36)), scale(i16(head, 38)), scale(i16(head, 40)), scale(i16(head, 42))}
	f.ascent, f.descent = scale(i16(hhea, 4)), scale(i16(hhea, 6))
	f.capHeight = f.ascent
	f.numGlyphs = u16(tables["maxp"], 4)
	f.stemV, f.flags = 87, 4 // symbolic: glyphs outside the standard Latin set
	if os2 := tables["OS/2"]; len(os2) >= 90 {
		if weight := u16(os2, 4); weight > 0 {
			f.stemV = 50 + int(math.Pow(float64(weight)/65, 2))
		}
		if u16(os2, 0) >= 2 && len(os2) >= 90 {
			f.capHeight = scale(i16(os2, 88))
		}
	}
	if post := tables["post"]; len(post) >= 16 {
		f.italicAngle = int(int16(binary.BigEndian.Uint16(post[4:]))) // integer part of the 16.16 angle
		if binary.BigEndian.Uint32(post[12:]) != 0 {
			f.flags |= 1 // fixed pitch
		}
	}

	// Horizontal metrics.
	nh := u16(hhea, 34)
	hmtx := tables["hmtx"]
	if nh == 0 || nh > f.numGlyphs || len(hmtx) < 4*nh+2*(f.numGlyphs-nh) {
		return nil, errors.New("font: bad hmtx table")
	}
	f.advance = make([]uint16, f.numGlyphs)
	f.lsb = make([]int16, f.numGlyphs)
	f.width = make([]int, f.numGlyphs)
	for g := 0; g < f.numGlyphs; g++ {
		if g < nh {
			f.advance[g] = binary.BigEndian.Uint16(hmtx[4*g:])
			f.lsb[g] = int16(binary.BigEndian.Uint16(hmtx[4*g+2:]))
		} else {
			f.advance[g] = f.advance[nh-1]
			f.lsb[g] = int16(binary.BigEndian.Uint16(hmtx[4*nh+2*(g-nh):]))
		}
		f.width[g] = scale(int(f.advance[g]))
	}
	f.missingWidth = f.width[0]

	// Glyph locations.
	loca := tables["loca"]
	f.loca = make([]uint32, f.numGlyphs+1)
	long := i16(head, 50) == 1
	if (long && len(loca) < 4*(f.numGlyphs+1)) || (!long && len(loca) < 2*(f.numGlyphs+1)) {
		return nil, errors.New("font: short loca table")
	}
	for g := range f.loca {
		if long {
			f.loca[g] = binary.BigEndian.Uint32(loca[4*g:])
		} else {
			f.loca[g] = 2 * uint32(binary.BigEndian.Uint16(loca[2*g:]))
		}
		if int(f.loca[g]) > len(f.glyf) || (g > 0 && f.loca[g] < f.loca[g-1]) {
			return nil, errors.New("font: bad loca table")
		}
	}

	if err := f.parseCmap(tables["cmap"]); err != nil {
		return nil, err
	}
	f.psName = postScriptName(tables["name"])
	if f.psName == "" {
		return nil, errors.New("font: no PostScript name")
	}
	return f, nil
}

// parseCmap reads the Windows Unicode BMP (3,1) or Unicode (0,x) subtable
// in format 4.
func (f *ttFont) parseCmap(cm []byte) error {
	if len(cm) < 4 {
		return errors.New("font: short cmap")
	}
	n := int(binary.BigEndian.Uint16(cm[2:]))
	var sub []byte
	for i := 0; i < n && 4+8*i+8 <= len(cm); i++ {
		r := cm[4+8*i:]
		pid, eid, off := binary.BigEndian.Uint16(r), binary.BigEndian.Uint16(r[2:]), binary.BigEndian.Uint32(r[4:])
		if int(off)+14 > len(cm) || binary.BigEndian.Uint16(cm[off:]) != 4 {
			continue
		}
		if (pid == 3 && eid == 1) || (pid == 0 && sub == nil) {
			sub = cm[off:]
		}
	}
	if sub == nil {
		return errors.New("font: no format 4 Unicode cmap")
	}
	segX2 := int(binary.BigEndian.Uint16(sub[6:]))
	if len(sub) < 16+4*segX2 {
		return errors.New("font: short cmap subtable")
	}
	ends, starts := sub[14:], sub[16+segX2:]
	deltas, rangeOffs := sub[16+2*segX2:], sub[16+3*segX2:]
	f.cmap = make([]uint16, 0x10000)
	for s := 0; s < segX2/2; s++ {
		end := int(binary.BigEndian.Uint16(ends[2*s:]))
		start := int(binary.BigEndian.Uint16(starts[2*s:]))
		delta := binary.BigEndian.Uint16(deltas[2*s:])
		ro := int(binary.BigEndian.Uint16(rangeOffs[2*s:]))
		for c := start; c <= end && c < 0xFFFF; c++ {
			var g uint16
			if ro == 0 {
				g = uint16(c) + delta
			} else {
				at := 16 + 3*segX2 + 2*s + ro + 2*(c-start)
				if at+2 > len(sub) {
					continue
				}
				if g = binary.BigEndian.Uint16(sub[at:]); g != 0 {
					g += delta
				}
			}
			if int(g) < f.numGlyphs {
				f.cmap[c] = g
			}
		}
	}
	return nil
}

// postScriptName returns name ID 6 from the name table (Macintosh Roman or
// Windows UTF-16 record), keeping only characters allowed in a PDF name.
func postScriptName(t []byte) string {
	if len(t) < 6 {
		return ""
	}
	n, strOff := int(binary.BigEndian.Uint16(t[2:])), int(binary.BigEndian.Uint16(t[4:]))
	for i := 0; i < n && 6+12*i+12 <= len(t); i++ {
		r := t[6+12*i:]
		pid, id := binary.BigEndian.Uint16(r), binary.BigEndian.Uint16(r[6:])
		l, off := int(binary.BigEndian.Uint16(r[8:])), int(binary.BigEndian.Uint16(r[10:]))
		if id != 6 || strOff+off+l > len(t) {
			continue
		}
		s := t[strOff+off : strOff+off+l]
		var out []byte
		step := 1
		if pid == 3 || pid == 0 {
			step = 2
		}
		for j := step - 1; j < len(s); j += step {
			if c := s[j]; c > 32 && c < 127 && c != '/' && c != '(' && c != ')' && c != '<' && c != '>' && c != '[' && c != ']' && c != '{' && c != '}' && c != '%' {
				out = append(out, c)
			}
		}
		if len(out) > 0 {
			return string(out)
		}
	}
	return ""
}

// glyph returns the outline data of glyph g.
func (f *ttFont) glyph(g uint16) []byte { return f.glyf[f.loca[g]:f.loca[g+1]] }

// glyphID returns the glyph for r, 0 (.notdef) when the font lacks it.
func (f *ttFont) glyphID(r rune) uint16 {
	if r < 0 || r >= 0xFFFF {
		return 0
	}
	return f.cmap[r]
}

// runeWidth is r's advance in 1/1000 em, measured as gofpdf did: a glyph
// the font lacks counts as the missing width.
func (f *ttFont) runeWidth(r rune) int {
	if g := f.glyphID(r); g != 0 {
		return f.width[g]
	}
	if f.missingWidth != 0 {
		return f.missingWidth
	}
	return 500
}

// componentAt returns the offsets, within glyph data d, of the glyph
// indices of a composite glyph's components; none for a simple glyph.
func componentAt(d []byte) []int {
	if len(d) < 10 || int16(binary.BigEndian.Uint16(d)) >= 0 {
		return nil
	}
	var at []int
	for p := 10; p+4 <= len(d); {
		flags := binary.BigEndian.Uint16(d[p:])
		at = append(at, p+2)
		p += 4
		if flags&0x0001 != 0 { // ARG_1_AND_2_ARE_WORDS
			p += 4
		} else {
			p += 2
		}
		switch {
		case flags&0x0008 != 0: // WE_HAVE_A_SCALE
			p += 2
		case flags&0x0040 != 0: // WE_HAVE_AN_X_AND_Y_SCALE
			p += 4
		case flags&0x0080 != 0: // WE_HAVE_A_TWO_BY_TWO
			p += 8
		}
		if flags&0x0020 == 0 { // MORE_COMPONENTS
			break
		}
	}
	return at
}

// subset returns a TrueType font holding the glyphs order lists, in that
// order (order[0] must be 0, .notdef): glyph i of the subset is glyph
// order[i] of the font. Glyphs that composite glyphs are built from are
// appended, and the composites refer to them by their new numbers. The
// second result is order with those appended.
func (f *ttFont) subset(order []uint16) ([]byte, []uint16) {
	newID := make(map[uint16]uint16, len(order)+8)
	list := append([]uint16(nil), order...)
	for i, g := range list {
		newID[g] = uint16(i)
	}
	glyfSize := 0
	for i := 0; i < len(list); i++ { // list grows as components are found
		d := f.glyph(list[i])
		glyfSize += (len(d) + 3) &^ 3
		for _, at := range componentAt(d) {
			c := binary.BigEndian.Uint16(d[at:])
			if _, ok := newID[c]; !ok && int(c) < f.numGlyphs {
				newID[c] = uint16(len(list))
				list = append(list, c)
			}
		}
	}
	n := len(list)
	glyf := make([]byte, 0, glyfSize)
	loca := make([]byte, 4*(n+1))
	hmtx := make([]byte, 4*n)
	for i, g := range list {
		binary.BigEndian.PutUint32(loca[4*i:], uint32(len(glyf)))
		start := len(glyf)
		d := f.glyph(g)
		glyf = append(glyf, d...)
		for _, at := range componentAt(d) {
			binary.BigEndian.PutUint16(glyf[start+at:], newID[binary.BigEndian.Uint16(d[at:])])
		}
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		binary.BigEndian.PutUint16(hmtx[4*i:], f.advance[g])
		binary.BigEndian.PutUint16(hmtx[4*i+2:], uint16(f.lsb[g]))
	}
	binary.BigEndian.PutUint32(loca[4*n:], uint32(len(glyf)))

	head := append([]byte(nil), f.tables["head"]...)
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1) // long loca offsets
	hhea := append([]byte(nil), f.tables["hhea"]...)
	binary.BigEndian.PutUint16(hhea[34:], uint16(n))
	maxp := append([]byte(nil), f.tables["maxp"]...)
	binary.BigEndian.PutUint16(maxp[4:], uint16(n))

	tabs := map[string][]byte{"glyf": glyf, "head": head, "hhea": hhea, "hmtx": hmtx, "loca": loca, "maxp": maxp}
	for _, t := range []string{"cvt ", "fpgm", "prep"} {
		if b := f.tables[t]; b != nil {
			tabs[t] = b
		}
	}
	return writeSFNT(tabs), list
}

// writeSFNT assembles tables into a TrueType file with correct checksums.
func writeSFNT(tabs map[string][]byte) []byte {
	tags := make([]string, 0, len(tabs))
	size := 12 + 16*len(tabs)
	for t, b := range tabs {
		tags = append(tags, t)
		size += (len(b) + 3) &^ 3
	}
	sort.Strings(tags)
	out := make([]byte, 12+16*len(tags), size)
	nt := len(tags)
	entry := 1
	for entry*2 <= nt {
		entry *= 2
	}
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(nt))
	binary.BigEndian.PutUint16(out[6:], uint16(entry*16))
	binary.BigEndian.PutUint16(out[8:], uint16(math.Log2(float64(entry))))
	binary.BigEndian.PutUint16(out[10:], uint16(nt*16-entry*16))
	headAt := 0
	for i, t := range tags {
		b := tabs[t]
		r := out[12+16*i:]
		copy(r, t)
		binary.BigEndian.PutUint32(r[4:], checksum(b))
		binary.BigEndian.PutUint32(r[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(r[12:], uint32(len(b)))
		if t == "head" {
			headAt = len(out)
		}
		out = append(out, b...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

func checksum(b []byte) uint32 {
	var sum uint32
	i := 0
	for ; i+4 <= len(b); i += 4 {
		sum += binary.BigEndian.Uint32(b[i:])
	}
	if i < len(b) {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
