package testsite

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	"image/png"
	"os"
	"testing"
)

// Halves is a w×h picture, red on the left and blue on the right, with a
// green gradient from top to bottom, so that scaling, cropping and
// rotation have something to get wrong; alpha < 255 makes it translucent.
func Halves(w, h int, alpha uint8) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.NRGBA{R: 200, G: uint8(y * 200 / h), B: 40, A: alpha}
			if x >= w/2 {
				c.R, c.B = 40, 200
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// EncodeJPEG is img as a JPEG file (quality 90, as a phone saves one).
func EncodeJPEG(img image.Image) string {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	return b.String()
}

// EncodePNG is img as a PNG file.
func EncodePNG(img image.Image) string {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err)
	}
	return b.String()
}

// ReadPNG reads a PNG file (a placard rasterised by pdftoppm, say) as
// RGBA pixels, to look at.
func ReadPNG(t testing.TB, path string) *image.RGBA {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	src, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(src.Bounds())
	draw.Draw(img, img.Bounds(), src, src.Bounds().Min, draw.Src)
	return img
}

// WritePNG writes img to path as a PNG file (a damaged placard to scan, a
// picture to look at when a test fails).
func WritePNG(t testing.TB, path string, img image.Image) {
	t.Helper()
	if err := os.WriteFile(path, []byte(EncodePNG(img)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// PNG is a w×h picture of one colour.
func PNG(w, h int, c color.RGBA) string {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, c)
		}
	}
	return EncodePNG(img)
}

// JPEG is a w×h gradient, shifted by seed so that two differ.
func JPEG(w, h int, seed uint8) string {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.SetRGBA(x, y, color.RGBA{uint8(x) + seed, uint8(y), seed, 255})
		}
	}
	return EncodeJPEG(img)
}

// GiantPNG is a PNG file whose header claims w×h pixels (8-bit RGBA) with
// almost no data: a decoder that trusted it would allocate w×h×4 bytes.
func GiantPNG(w, h uint32) string {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.String()
}

// MP3 is a constant-bit-rate MPEG audio file of frames silent frames
// (MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, 417 bytes and 26 ms each) after
// a small ID3v2 tag: what an audio guide exported from a phone recorder
// looks like. 9,660 frames last 4:12.
func MP3(frames int) string {
	var b bytes.Buffer
	b.Write([]byte{'I', 'D', '3', 3, 0, 0, 0, 0, 0, 20})
	b.Write(make([]byte, 20))
	f := make([]byte, 417)
	copy(f, []byte{0xff, 0xfb, 0x90, 0x00})
	for i := 0; i < frames; i++ {
		b.Write(f)
	}
	return b.String()
}
