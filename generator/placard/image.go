package placard

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"sync"
)

// logoImage is a logo decoded and ready to embed as an image XObject.
type logoImage struct {
	name string // resource name, from the image's content hash
	w, h int    // pixels
	dict string // image dictionary entries other than /Length
	data []byte // the stream: DCT data as it was, or Flate-compressed samples
}

// A site prints the same logo on every placard: it is decoded once per
// process. The memo holds derived, immutable data and only a few logos.
var logoMemo = struct {
	sync.Mutex
	m map[[32]byte]*logoImage
}{m: map[[32]byte]*logoImage{}}

const logoMemoMax = 8

// loadLogo decodes a PNG or JPEG logo ("" sniffs the type).
func loadLogo(img []byte, typ string) (*logoImage, error) {
	typ = strings.ToUpper(strings.TrimSpace(typ))
	switch typ {
	case "JPEG":
		typ = "JPG"
	case "":
		switch {
		case bytes.HasPrefix(img, []byte("\x89PNG\r\n\x1a\n")):
			typ = "PNG"
		case bytes.HasPrefix(img, []byte{0xFF, 0xD8, 0xFF}):
			typ = "JPG"
		}
	}
	if typ != "PNG" && typ != "JPG" {
		return nil, fmt.Errorf("logo: unsupported image type %q (want PNG or JPG)", typ)
	}
	sum := sha256.Sum256(append([]byte(typ), img...))
	logoMemo.Lock()
	li := logoMemo.m[sum]
	logoMemo.Unlock()
	if li != nil {
		return li, nil
	}
	var err error
	if typ == "PNG" {
		li, err = decodePNG(img)
	} else {
		li, err = decodeJPEG(img)
	}
	if err != nil {
		return nil, fmt.Errorf("logo: %w", err)
	}
	if li.w <= 0 || li.h <= 0 {
		return nil, errors.New("logo: image has no size")
	}
	li.name = "Logo" + hex.EncodeToString(sum[:8])
	logoMemo.Lock()
	if len(logoMemo.m) >= logoMemoMax {
		clear(logoMemo.m)
	}
	logoMemo.m[sum] = li
	logoMemo.Unlock()
	return li, nil
}

func decodeJPEG(img []byte) (*logoImage, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(img))
	if err != nil {
		return nil, err
	}
	cs := "/DeviceRGB"
	switch cfg.ColorModel {
	case color.GrayModel:
		cs = "/DeviceGray"
	case color.CMYKModel:
		cs = "/DeviceCMYK /Decode [1 0 1 0 1 0 1 0]" // Adobe writes CMYK JPEGs inverted
	}
	return &logoImage{w: cfg.Width, h: cfg.Height, data: img,
		dict: fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode", cfg.Width, cfg.Height, cs)}, nil
}

// decodePNG returns the samples of a PNG, grey or RGB. A transparent PNG is
// composited onto white, the paper it is printed on: the PDF holds no soft
// mask, so it uses no transparency, which some print shops' preflight
// refuses.
func decodePNG(img []byte) (*logoImage, error) {
	m, err := png.Decode(bytes.NewReader(img))
	if err != nil {
		return nil, err
	}
	b := m.Bounds()
	w, h := b.Dx(), b.Dy()
	gray := m.ColorModel() == color.GrayModel || m.ColorModel() == color.Gray16Model
	comps := 3
	if gray {
		comps = 1
	}
	samples := make([]byte, 0, w*h*comps)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			// Alpha-premultiplied 16-bit components, plus white for
			// what shows through.
			r, g, bl, a := m.At(x, y).RGBA()
			if gray {
				samples = append(samples, onWhite(r, a))
			} else {
				samples = append(samples, onWhite(r, a), onWhite(g, a), onWhite(bl, a))
			}
		}
	}
	cs := "/DeviceRGB"
	if gray {
		cs = "/DeviceGray"
	}
	return &logoImage{w: w, h: h, data: compressed(samples),
		dict: fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /FlateDecode", w, h, cs)}, nil
}

// onWhite returns the 8-bit component of a premultiplied 16-bit component
// c with alpha a over white.
func onWhite(c, a uint32) byte { return byte((c + 0xffff - a + 0x80) / 0x101) }

// compressed returns a zlib-compressed copy of data.
func compressed(data []byte) []byte {
	z := deflate(data)
	out := bytes.Clone(z.Bytes())
	putDeflated(z)
	return out
}

// image returns the resource name of li in d, writing it on first use.
func (d *document) image(li *logoImage) string {
	if im := d.byName[li.name]; im != nil {
		return im.name
	}
	n := d.alloc()
	d.streamRaw(n, li.dict, li.data)
	im := &docImage{name: li.name, obj: n}
	d.byName[li.name] = im
	d.images = append(d.images, im)
	return im.name
}
