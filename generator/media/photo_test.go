package media

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"reflect"
	"strings"
	"testing"

	"github.com/diachido/diachido/internal/testsite"
)

// photo is a w×h JPEG, red on the left and blue on the right, so that
// scaling and rotation have something to get wrong.
func photo(w, h int) []byte { return []byte(testsite.EncodeJPEG(testsite.Halves(w, h, 255))) }

// withOrientation inserts an APP1 Exif segment (big-endian TIFF, one IFD
// entry) right after a JPEG's SOI marker.
func withOrientation(jpg []byte, o uint16) []byte {
	tiff := []byte("MM\x00*\x00\x00\x00\x08")
	ifd := make([]byte, 2+12+4)
	binary.BigEndian.PutUint16(ifd, 1)
	binary.BigEndian.PutUint16(ifd[2:], 0x0112)
	binary.BigEndian.PutUint16(ifd[4:], 3)
	binary.BigEndian.PutUint32(ifd[6:], 1)
	binary.BigEndian.PutUint16(ifd[10:], o)
	seg := append([]byte("Exif\x00\x00"), append(tiff, ifd...)...)
	app1 := []byte{0xff, 0xe1, byte((len(seg) + 2) >> 8), byte(len(seg) + 2)}
	out := append([]byte{}, jpg[:2]...)
	out = append(out, app1...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

func TestInspectRefusesGiantHeaders(t *testing.T) {
	for _, tc := range []struct {
		w, h uint32
		want string
	}{
		{30000, 30000, "30000×30000"},
		{12001, 100, "12001×100"},
		{8000, 6000, "8000×6000"}, // 48 megapixels
	} {
		_, err := Inspect(strings.NewReader(testsite.GiantPNG(tc.w, tc.h)))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "40 megapixels") {
			t.Errorf("Inspect(%d×%d) error %v", tc.w, tc.h, err)
		}
		if _, err := Variants([]byte(testsite.GiantPNG(tc.w, tc.h)), []int{480}, false); err == nil {
			t.Errorf("Variants decoded a %d×%d image", tc.w, tc.h)
		}
	}
	// Just inside the limits is accepted (from the header alone).
	if im, err := Inspect(strings.NewReader(testsite.GiantPNG(7000, 5000))); err != nil || im.Width != 7000 {
		t.Errorf("Inspect(7000×5000) = %+v, %v", im, err)
	}
	if _, err := Inspect(strings.NewReader("jpeg")); err == nil || !strings.Contains(err.Error(), "not a readable") {
		t.Errorf("Inspect(text) error %v", err)
	}
}

func TestInspectOrientationAndAlpha(t *testing.T) {
	jpg := photo(40, 20)
	for o, want := range map[uint16][2]int{1: {40, 20}, 3: {40, 20}, 6: {20, 40}, 8: {20, 40}} {
		im, err := Inspect(bytes.NewReader(withOrientation(jpg, o)))
		if err != nil || im.Orientation != int(o) || im.Width != want[0] || im.Height != want[1] || im.MayHaveAlpha {
			t.Errorf("orientation %d: Inspect = %+v, %v", o, im, err)
		}
	}
	nrgba := image.NewNRGBA(image.Rect(0, 0, 8, 8))
	for i := range nrgba.Pix {
		nrgba.Pix[i] = 255
	}
	im, _ := Inspect(strings.NewReader(testsite.EncodePNG(nrgba)))
	if !im.MayHaveAlpha {
		t.Errorf("an NRGBA PNG may have alpha: %+v", im)
	}
	if op, err := Opaque([]byte(testsite.EncodePNG(nrgba))); !op || err != nil {
		t.Errorf("an all-opaque NRGBA PNG: Opaque = %v, %v", op, err)
	}
	nrgba.Pix[3] = 0
	if op, _ := Opaque([]byte(testsite.EncodePNG(nrgba))); op {
		t.Error("a PNG with a transparent pixel is opaque")
	}
}

func TestVariantWidths(t *testing.T) {
	for w, want := range map[int][]int{
		300: {300}, 480: {480}, 481: {480, 481}, 1000: {480, 960, 1000}, 1600: {480, 960, 1600}, 4032: {480, 960, 1600},
	} {
		if got := VariantWidths(w); !reflect.DeepEqual(got, want) {
			t.Errorf("VariantWidths(%d) = %v, want %v", w, got, want)
		}
	}
}

func TestVariantsSizesAndDeterminism(t *testing.T) {
	src := photo(2000, 1000)
	widths := []int{480, 960, 1600}
	out, err := Variants(src, widths, false)
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range out {
		img, format, err := image.Decode(bytes.NewReader(b))
		if err != nil || format != "jpeg" {
			t.Fatalf("variant %d: %v %s", widths[i], err, format)
		}
		if got := img.Bounds().Size(); got != image.Pt(widths[i], widths[i]/2) {
			t.Errorf("variant %d is %v", widths[i], got)
		}
		// The left half is still red, the right still blue.
		if r, _, bl, _ := img.At(widths[i]/8, widths[i]/4).RGBA(); r>>8 < 180 || bl>>8 > 80 {
			t.Errorf("variant %d: left is %d,%d", widths[i], r>>8, bl>>8)
		}
	}
	if len(out[2]) >= len(src) {
		t.Errorf("the 1600 variant (%d bytes) is not smaller than a 2000 px original (%d bytes)", len(out[2]), len(src))
	}
	again, _ := Variants(src, widths, false)
	for i := range out {
		if !bytes.Equal(out[i], again[i]) {
			t.Errorf("variant %d differs between runs", widths[i])
		}
	}
}

func TestVariantsTurnPhotosUpright(t *testing.T) {
	// Stored 40×20, red left and blue right. Orientation 6: the camera was
	// turned, upright it is 20×40 with red on top; 8 the other way, red at
	// the bottom; 3 upside down, red on the right.
	red := func(img image.Image, x, y int) bool {
		r, _, b, _ := img.At(x, y).RGBA()
		return r>>8 > 180 && b>>8 < 80
	}
	for _, tc := range []struct {
		o          uint16
		w, h       int
		redX, redY int // a point that must be red
		blX, blY   int // and one that must not
	}{
		{1, 40, 20, 5, 10, 35, 10},
		{3, 40, 20, 35, 10, 5, 10},
		{6, 20, 40, 10, 5, 10, 35},
		{8, 20, 40, 10, 35, 10, 5},
	} {
		out, err := Variants(withOrientation(photo(40, 20), tc.o), []int{tc.w}, false)
		if err != nil {
			t.Fatal(err)
		}
		img, _ := jpeg.Decode(bytes.NewReader(out[0]))
		if img.Bounds().Size() != image.Pt(tc.w, tc.h) {
			t.Errorf("orientation %d: size %v, want %d×%d", tc.o, img.Bounds().Size(), tc.w, tc.h)
			continue
		}
		if !red(img, tc.redX, tc.redY) || red(img, tc.blX, tc.blY) {
			t.Errorf("orientation %d: the picture is not upright", tc.o)
		}
	}
}

func BenchmarkVariants12MP(b *testing.B) {
	src := photo(4000, 3000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Variants(src, Widths, false); err != nil {
			b.Fatal(err)
		}
	}
}

func TestVariantsKeepTransparencyAsPNG(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 600, 300))
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 128
	}
	out, err := Variants([]byte(testsite.EncodePNG(img)), []int{480, 600}, true)
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range out {
		got, format, err := image.Decode(bytes.NewReader(b))
		if err != nil || format != "png" || got.Bounds().Dx() != []int{480, 600}[i] {
			t.Errorf("variant %d: %v %s %v", i, err, format, got.Bounds())
		}
		if _, _, _, a := got.At(5, 5).RGBA(); a>>8 < 100 || a>>8 > 160 {
			t.Errorf("variant %d lost its transparency: alpha %d", i, a>>8)
		}
	}
}
