package media

import (
	"bytes"
	"encoding/json"
	"image"
	"image/jpeg"
	"reflect"
	"testing"

	"github.com/diachido/diachido/internal/testsite"
)

// A 4200×2800 scan: 512 px tiles at scale factors 1…16, where 16 is the
// first level (263×175) in one tile; the last column and row are cut to
// what is left of the image.
func TestIIIFLayoutOfA4200By2800Image(t *testing.T) {
	l := NewIIIFLayout(4200, 2800)
	if !reflect.DeepEqual(l.ScaleFactors, []int{1, 2, 4, 8, 16}) {
		t.Fatalf("scale factors %v", l.ScaleFactors)
	}
	want := []IIIFSize{{263, 175}, {525, 350}, {1050, 700}, {2100, 1400}}
	if !reflect.DeepEqual(l.Sizes, want) {
		t.Fatalf("sizes %v, want %v", l.Sizes, want)
	}
	for name, size := range map[string]IIIFSize{
		"0,0,512,512/512,512/0/default.jpg":          {512, 512},
		"4096,2560,104,240/104,240/0/default.jpg":    {104, 240}, // the bottom-right corner at full size
		"4096,2048,104,752/52,376/0/default.jpg":     {52, 376},  // scale 2: ⌈104/2⌉×⌈752/2⌉
		"0,0,4096,2800/512,350/0/default.jpg":        {512, 350}, // scale 8
		"4096,0,104,2800/13,350/0/default.jpg":       {13, 350},
		"full/263,175/0/default.jpg":                 {263, 175}, // scale 16: one tile, and a size
		"full/2100,1400/0/default.jpg":               {2100, 1400},
		"full/max/0/default.jpg":                     {2100, 1400},
		"2048,2048,1024,752/512,376/0/default.jpg":   {512, 376},
		"4096,0,104,2048/26,512/0/default.jpg":       {26, 512}, // scale 4: 4200−4096 = 104 wide
		"0,2048,2048,752/256,94/0/default.jpg":       {},        // scale 8 has one row: not a file
		"0,0,8192,8192/263,175/0/default.jpg":        {},        // never written: the region is full
		"full/4200,2800/0/default.jpg":               {},        // the full size is max, within maxWidth
		"full/2100,/0/default.jpg":                   {},        // w, is not the canonical 3.0 form
		"4096,2560,104,240/104,/0/default.jpg":       {},
		"4096,2560,512,512/512,512/0/default.jpg":    {},
		"0,0,512,512/512,512/0/default.png":          {},
		"0,0,512,512/512,512/90/default.jpg":         {},
		"0,0,1024,1024/512,512/0/default.jpg":        {512, 512},
		"3072,2048,1024,752/512,376/0/default.jpg":   {512, 376},
		"3072,2560,512,512/512,512/0/default.jpg":    {}, // the last full-size row is 240 high
		"4096,2048,104,752/52,376/0/default.jpg\x00": {},
	} {
		got, ok := l.TileSizeOf(name)
		if ok != (size != IIIFSize{}) || got != size {
			t.Errorf("%s: %v %v, want %v", name, got, ok, size)
		}
	}
	// 9×6 + 5×3 + 3×2 + 2×1 + 1 tiles, three more sizes, max.
	if n := len(l.Files); n != 54+15+6+2+1+3+1 {
		t.Errorf("%d files", n)
	}
	var info map[string]any
	if err := json.Unmarshal(l.Info("https://example.vn/iiif/EX-001/ban-do"), &info); err != nil {
		t.Fatal(err)
	}
	if info["maxWidth"] != 2100.0 || info["maxHeight"] != 1400.0 || info["profile"] != "level0" {
		t.Errorf("info.json %v", info)
	}
}

// The tiles show the image upright, at the right place and scale: the red
// left half and blue right half of testsite.Halves stay where they are,
// and a photo taken with the phone turned is turned back.
func TestIIIFFilesShowTheImageUpright(t *testing.T) {
	src := testsite.Halves(2600, 1300, 255)
	for _, tc := range []struct {
		name   string
		data   []byte
		w, h   int
		rotate bool
	}{
		{"plain", []byte(testsite.EncodeJPEG(src)), 2600, 1300, false},
		{"turned", withOrientation([]byte(testsite.EncodeJPEG(turnLeft(src))), 6), 2600, 1300, false},
		{"png", []byte(testsite.EncodePNG(src)), 2600, 1300, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := NewIIIFLayout(tc.w, tc.h)
			files, err := IIIFFiles(tc.data, l)
			if err != nil {
				t.Fatal(err)
			}
			if len(files) != len(l.Files) {
				t.Fatalf("%d files for a layout of %d", len(files), len(l.Files))
			}
			for _, name := range l.Files {
				img, err := jpeg.Decode(bytes.NewReader(files[name]))
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				want, _ := l.TileSizeOf(name)
				if b := img.Bounds(); b.Dx() != want.Width || b.Dy() != want.Height {
					t.Errorf("%s is %d×%d, want %v", name, b.Dx(), b.Dy(), want)
				}
			}
			left := decodeJPEG(t, files["0,0,512,512/512,512/0/default.jpg"])
			right := decodeJPEG(t, files["2048,0,512,512/512,512/0/default.jpg"])
			small := decodeJPEG(t, files["full/325,163/0/default.jpg"])
			for what, c := range map[string][3]uint32{"left tile": rgb(left, 10, 10), "small left": rgb(small, 10, 40)} {
				if c[0] < 150 || c[2] > 90 {
					t.Errorf("%s is %v, want red", what, c)
				}
			}
			for what, c := range map[string][3]uint32{"right tile": rgb(right, 500, 10), "small right": rgb(small, 300, 40)} {
				if c[2] < 150 || c[0] > 90 {
					t.Errorf("%s is %v, want blue", what, c)
				}
			}
		})
	}
}

func decodeJPEG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func rgb(img image.Image, x, y int) [3]uint32 {
	r, g, b, _ := img.At(x, y).RGBA()
	return [3]uint32{r >> 8, g >> 8, b >> 8}
}

// turnLeft is img as a phone held turned stores it: rotated 90°
// counter-clockwise, to be shown after a clockwise turn (orientation 6).
func turnLeft(img image.Image) image.Image {
	b := img.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dy(), b.Dx()))
	for y := range b.Dy() {
		for x := range b.Dx() {
			dst.Set(y, b.Dx()-1-x, img.At(x, y))
		}
	}
	return dst
}
