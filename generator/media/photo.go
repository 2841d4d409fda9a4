package media

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // registers GIF decoding
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // registers WebP decoding (photos saved from Zalo, Facebook)
)

// Limits on a photo's size, checked from its header before any pixel is
// decoded: a file claiming 30000×30000 pixels would otherwise make the
// decoder allocate gigabytes. 40 megapixels is more than any phone takes.
const (
	MaxPixels = 40_000_000
	MaxSide   = 12_000
)

// Quality is the JPEG quality of published variants: at 80 a photo is a
// fraction of the original's bytes with no difference a phone screen shows.
const Quality = 80

// Widths are the variant widths published for each photo, in pixels: a
// 360 px phone at 1.5–2× density, a 3× phone or tablet, a desktop.
var Widths = []int{480, 960, 1600}

// Image is what a photo's header says.
type Image struct {
	// Format is the decoder's name: jpeg, png, gif or webp.
	Format string
	// Width and Height are as displayed, after EXIF orientation.
	Width, Height int
	// Orientation is the EXIF orientation, 1 (as stored) to 8.
	Orientation int
	// MayHaveAlpha is true when the pixel format can carry transparency;
	// only decoding tells whether it really does (see Opaque).
	MayHaveAlpha bool
}

// headerPeek is how much of a file Inspect keeps to read EXIF from: the
// APP1 segment that holds it is at most 64 KB and comes first.
const headerPeek = 128 << 10

// Inspect reads an image's header (never its pixels) and refuses images
// too large to decode safely.
func Inspect(r io.Reader) (Image, error) {
	br := bufio.NewReaderSize(r, headerPeek)
	head, _ := br.Peek(headerPeek)
	head = append([]byte(nil), head...)
	cfg, format, err := image.DecodeConfig(br)
	if err != nil {
		return Image{}, fmt.Errorf("not a readable JPEG, PNG, GIF or WebP image (%v)", err)
	}
	if err := checkSize(cfg.Width, cfg.Height); err != nil {
		return Image{}, err
	}
	im := Image{Format: format, Width: cfg.Width, Height: cfg.Height, Orientation: 1}
	if format == "jpeg" {
		im.Orientation = exifOrientation(head)
	}
	if im.Orientation >= 5 {
		im.Width, im.Height = im.Height, im.Width
	}
	im.MayHaveAlpha = format != "jpeg" && modelHasAlpha(cfg.ColorModel)
	return im, nil
}

func checkSize(w, h int) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("the image has no pixels (%d×%d)", w, h)
	}
	if w > MaxSide || h > MaxSide || int64(w)*int64(h) > MaxPixels {
		return fmt.Errorf("the image is %d×%d pixels; the largest accepted is %d megapixels and %d pixels a side: resize it (2000 pixels wide is plenty)", w, h, MaxPixels/1_000_000, MaxSide)
	}
	return nil
}

func modelHasAlpha(m color.Model) bool {
	switch m {
	case color.RGBAModel, color.RGBA64Model, color.NRGBAModel, color.NRGBA64Model, color.AlphaModel, color.Alpha16Model:
		return true
	case color.GrayModel, color.Gray16Model, color.YCbCrModel, color.CMYKModel:
		return false
	}
	if p, ok := m.(color.Palette); ok {
		for _, c := range p {
			if _, _, _, a := c.RGBA(); a != 0xffff {
				return true
			}
		}
		return false
	}
	return true // NYCbCrA (WebP with alpha) and anything unknown
}

// decode decodes data after checking its header, so that no caller can
// decode a file Inspect would refuse.
func decode(data []byte) (image.Image, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	if err := checkSize(cfg.Width, cfg.Height); err != nil {
		return nil, err
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	return img, err
}

// Opaque decodes an image whose format may carry transparency and reports
// whether every pixel is opaque (a PNG photo saved with an unused alpha
// channel), so that it can be published as JPEG.
func Opaque(data []byte) (bool, error) {
	img, err := decode(data)
	if err != nil {
		return false, err
	}
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque(), nil
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a != 0xffff {
				return false, nil
			}
		}
	}
	return true, nil
}

// VariantWidths lists the widths published for a photo w pixels wide: the
// standard widths below w, plus w itself when it is not wider than the
// largest (a photo is never enlarged).
func VariantWidths(w int) []int {
	var out []int
	for _, s := range Widths {
		if s < w {
			out = append(out, s)
		}
	}
	if w <= Widths[len(Widths)-1] {
		out = append(out, w)
	}
	return out
}

// HeightAt is the height of the variant vw pixels wide, rounded.
func (im Image) HeightAt(vw int) int {
	h := (2*im.Height*vw + im.Width) / (2 * im.Width)
	return max(h, 1)
}

// Variants decodes a photo once and returns its variants at widths
// (displayed orientation), each encoded as JPEG at Quality, or as PNG when
// png is true (a photo with transparency). The output depends only on the
// input bytes and arguments.
func Variants(data []byte, widths []int, asPNG bool) ([][]byte, error) {
	src, orient, err := decodeOriented(data)
	if err != nil {
		return nil, err
	}
	sb := src.Bounds()
	im := Image{Width: sb.Dx(), Height: sb.Dy()}
	if orient >= 5 {
		im.Width, im.Height = im.Height, im.Width
	}
	order := make([]int, len(widths))
	for i := range widths {
		order[i] = i
	}
	// Largest first, each scaled from the one before: much faster than
	// scaling every variant from the full-size original, and as sharp.
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && widths[order[j]] > widths[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	out := make([][]byte, len(widths))
	cur := src
	for _, i := range order {
		vw := widths[i]
		if vw <= 0 || vw > im.Width {
			return nil, fmt.Errorf("variant width %d for an image %d wide", vw, im.Width)
		}
		tw, th := vw, im.HeightAt(vw)
		if orient >= 5 {
			tw, th = th, tw
		}
		cb := cur.Bounds()
		var scaled *image.RGBA
		if cb.Dx() == tw && cb.Dy() == th {
			scaled = toRGBA(cur)
		} else {
			scaled = image.NewRGBA(image.Rect(0, 0, tw, th))
			draw.CatmullRom.Scale(scaled, scaled.Bounds(), cur, cb, draw.Src, nil)
		}
		cur = scaled
		final := orientRGBA(scaled, orient)
		var buf bytes.Buffer
		if asPNG {
			err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, final)
		} else {
			err = jpeg.Encode(&buf, final, &jpeg.Options{Quality: Quality})
		}
		if err != nil {
			return nil, err
		}
		out[i] = buf.Bytes()
	}
	return out, nil
}

func toRGBA(img image.Image) *image.RGBA {
	if r, ok := img.(*image.RGBA); ok && r.Rect.Min == (image.Point{}) {
		return r
	}
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
	return dst
}

// decodeOriented decodes a photo and reads its EXIF orientation (1, as
// stored, for anything but a JPEG that says otherwise): what every picture
// made from a photo (variants, share cards, deep-zoom tiles) starts from.
func decodeOriented(data []byte) (image.Image, int, error) {
	src, err := decode(data)
	if err != nil {
		return nil, 0, err
	}
	orient := 1
	if bytes.HasPrefix(data, []byte{0xff, 0xd8}) {
		orient = exifOrientation(data[:min(len(data), headerPeek)])
	}
	return src, orient, nil
}

// orientRGBA turns an image stored with EXIF orientation o upright.
func orientRGBA(src *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return src
	}
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2: // mirrored
				dx, dy = w-1-x, y
			case 3: // upside down
				dx, dy = w-1-x, h-1-y
			case 4:
				dx, dy = x, h-1-y
			case 5:
				dx, dy = y, x
			case 6: // turned left when taken: rotate 90° clockwise
				dx, dy = h-1-y, x
			case 7:
				dx, dy = h-1-y, w-1-x
			case 8: // rotate 90° counter-clockwise
				dx, dy = y, w-1-x
			}
			si, di := src.PixOffset(x, y), dst.PixOffset(dx, dy)
			copy(dst.Pix[di:di+4], src.Pix[si:si+4])
		}
	}
	return dst
}

// exifOrientation finds the Orientation tag in a JPEG's APP1 Exif
// segment; 1 when there is none or it cannot be read.
func exifOrientation(b []byte) int {
	if len(b) < 4 || b[0] != 0xff || b[1] != 0xd8 {
		return 1
	}
	i := 2
	for i+4 <= len(b) {
		if b[i] != 0xff {
			return 1
		}
		marker := b[i+1]
		if marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker == 0x01 || marker == 0xff {
			i += 2
			if marker == 0xff {
				i--
			}
			continue
		}
		if marker == 0xda || marker == 0xd9 { // image data: no more metadata
			return 1
		}
		n := int(b[i+2])<<8 | int(b[i+3])
		if n < 2 {
			return 1
		}
		seg := b[i+4 : min(len(b), i+2+n)]
		if marker == 0xe1 && len(seg) > 6 && string(seg[:6]) == "Exif\x00\x00" {
			return tiffOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

func tiffOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var u16 func([]byte) int
	var u32 func([]byte) int
	switch string(t[:4]) {
	case "II*\x00":
		u16 = func(b []byte) int { return int(b[0]) | int(b[1])<<8 }
		u32 = func(b []byte) int { return int(b[0]) | int(b[1])<<8 | int(b[2])<<16 | int(b[3])<<24 }
	case "MM\x00*":
		u16 = func(b []byte) int { return int(b[0])<<8 | int(b[1]) }
		u32 = func(b []byte) int { return int(b[0])<<24 | int(b[1])<<16 | int(b[2])<<8 | int(b[3]) }
	default:
		return 1
	}
	ifd := u32(t[4:])
	if ifd < 8 || ifd+2 > len(t) {
		return 1
	}
	n := u16(t[ifd:])
	for k := 0; k < n; k++ {
		e := ifd + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if u16(t[e:]) == 0x0112 && u16(t[e+2:]) == 3 {
			if o := u16(t[e+8:]); o >= 1 && o <= 8 {
				return o
			}
			return 1
		}
	}
	return 1
}
