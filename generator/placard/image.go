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

// logoImage is a logo decoded and ready to embed as an image XObject (plus
// a soft mask for a PNG with transparency).
type logoImage struct {
	name string // resource name, from the image's content hash
	w, h int    // pixels
	dict string // image dictionary entries other than /Length and /SMask
	data []byte // the stream: DCT data as it was, or Flate-compressed samples
	mask []byte // Flate-compressed 8-bit alpha, nil when opaque
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
	alpha := make([]byte, 0, w*h)
	opaque := true
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
			if gray {
				samples = append(samples, c.R)
			} else {
				samples = append(samples, c.R, c.G, c.B)
			}
			alpha = append(alpha, c.A)
			opaque = opaque && c.A == 255
		}
	}
	cs := "/DeviceRGB"
	if gray {
		cs = "/DeviceGray"
	}
	li := &logoImage{w: w, h: h, data: compressed(samples),
		dict: fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /FlateDecode", w, h, cs)}
	if !opaque {
		li.mask = compressed(alpha)
	}
	return li, nil
}

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
	dict := li.dict
	if li.mask != nil {
		m := d.alloc()
		d.streamRaw(m, fmt.Sprintf("/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode", li.w, li.h), li.mask)
		dict += fmt.Sprintf(" /SMask %d 0 R", m)
	}
	n := d.alloc()
	d.streamRaw(n, dict, li.data)
	im := &docImage{name: li.name, obj: n}
	d.byName[li.name] = im
	d.images = append(d.images, im)
	return im.name
}
