package media

// Deep zoom: IIIF Image API 3.0 level 0 static files for a large image (a
// scanned document, an old map, a wide photo). Level 0 means a static
// host: there is no image server to answer arbitrary requests, so every
// file a viewer may ask for is written at build time, at exactly the
// address the Image API's canonical syntax gives it:
//
//	{id}/info.json                       what the viewer reads first
//	{id}/{x},{y},{w},{h}/{sw},{sh}/0/default.jpg
//	                                     a tile: the region x,y,w,h of the
//	                                     full image at scale factor s,
//	                                     sw = ⌈w/s⌉ and sh = ⌈h/s⌉ pixels
//	{id}/full/{sw},{sh}/0/default.jpg    the whole image at a scale factor
//	                                     (the sizes list, and the tile of a
//	                                     level that fits in one tile)
//	{id}/full/max/0/default.jpg          level 0's required "max": the
//	                                     largest size, within maxWidth and
//	                                     maxHeight
//
// Sizes are written w,h (the canonical form of Image API 3.0, and what
// OpenSeadragon asks of a version 3 service). Tiles are 512 pixels square,
// scale factors the powers of two down to the level where the whole image
// fits in one tile.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"runtime"
	"strconv"
	"sync"

	"golang.org/x/image/draw"
)

// ZoomMinSide is the long side, in pixels, above which an image gets deep
// zoom: at 2400 pixels the largest ordinary variant (1600 wide) already
// shows two thirds of the detail, below it a zoom adds too little to be
// worth its tiles.
const ZoomMinSide = 2400

// TileSize is the width and height of a tile, in pixels.
const TileSize = 512

// IIIFLayout is the files of one image's IIIF service, computed from its
// size alone.
type IIIFLayout struct {
	Width, Height int
	// ScaleFactors are 1, 2, 4… up to the first whose level fits in one
	// tile.
	ScaleFactors []int
	// Sizes are the whole image at each scale factor but 1, smallest
	// first: the info.json sizes.
	Sizes []IIIFSize
	// Files are every file but info.json, relative to the service's base
	// URL, in a fixed order.
	Files []string

	// tiles maps a file to what it shows (the whole image for a size).
	tiles map[string]iiifTile
}

// IIIFSize is a width and height in pixels.
type IIIFSize struct {
	Width  int `json:"width"`
	Height int `json:"height"`
}

type iiifTile struct {
	scale int             // scale factor
	rect  image.Rectangle // at that scale
}

// NewIIIFLayout lists the files of the IIIF service of an image w×h pixels
// as displayed.
func NewIIIFLayout(w, h int) IIIFLayout {
	l := IIIFLayout{Width: w, Height: h, tiles: map[string]iiifTile{}}
	add := func(name string, t iiifTile) {
		if _, dup := l.tiles[name]; !dup {
			l.tiles[name] = t
			l.Files = append(l.Files, name)
		}
	}
	for s := 1; ; s *= 2 {
		l.ScaleFactors = append(l.ScaleFactors, s)
		lw, lh := ceilDiv(w, s), ceilDiv(h, s)
		step := TileSize * s
		for y := 0; y*step < h; y++ {
			for x := 0; x*step < w; x++ {
				rx, ry := x*step, y*step
				rw, rh := min(step, w-rx), min(step, h-ry)
				add(iiifRegion(rx, ry, rw, rh, w, h)+"/"+iiifSizeOf(ceilDiv(rw, s), ceilDiv(rh, s), w, h)+"/0/default.jpg",
					iiifTile{scale: s, rect: image.Rect(x*TileSize, y*TileSize, x*TileSize+ceilDiv(rw, s), y*TileSize+ceilDiv(rh, s))})
			}
		}
		if lw <= TileSize && lh <= TileSize {
			break
		}
	}
	for i := len(l.ScaleFactors) - 1; i >= 1; i-- {
		s := l.ScaleFactors[i]
		sz := IIIFSize{ceilDiv(w, s), ceilDiv(h, s)}
		l.Sizes = append(l.Sizes, sz)
		add("full/"+strconv.Itoa(sz.Width)+","+strconv.Itoa(sz.Height)+"/0/default.jpg", iiifTile{scale: s, rect: image.Rect(0, 0, sz.Width, sz.Height)})
	}
	// max: the largest size within maxWidth and maxHeight (info.json),
	// which are the largest of sizes; the full image itself when it fits
	// in one tile (then it has no other size).
	maxScale := 1
	if len(l.ScaleFactors) > 1 {
		maxScale = 2
	}
	add("full/max/0/default.jpg", iiifTile{scale: maxScale, rect: image.Rect(0, 0, ceilDiv(w, maxScale), ceilDiv(h, maxScale))})
	return l
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// iiifRegion is the canonical region: full when it is the whole image.
func iiifRegion(x, y, w, h, fw, fh int) string {
	if x == 0 && y == 0 && w == fw && h == fh {
		return "full"
	}
	return strconv.Itoa(x) + "," + strconv.Itoa(y) + "," + strconv.Itoa(w) + "," + strconv.Itoa(h)
}

// iiifSizeOf is the canonical size: max when it is the full image's.
func iiifSizeOf(w, h, fw, fh int) string {
	if w == fw && h == fh {
		return "max"
	}
	return strconv.Itoa(w) + "," + strconv.Itoa(h)
}

// MaxSize is the size of full/max/0/default.jpg, which info.json gives as
// maxWidth and maxHeight when it is smaller than the image.
func (l IIIFLayout) MaxSize() IIIFSize {
	t := l.tiles["full/max/0/default.jpg"]
	return IIIFSize{t.rect.Dx(), t.rect.Dy()}
}

// TileSizeOf returns the pixel size of a file of the layout, and whether
// the layout has it.
func (l IIIFLayout) TileSizeOf(name string) (IIIFSize, bool) {
	t, ok := l.tiles[name]
	return IIIFSize{t.rect.Dx(), t.rect.Dy()}, ok
}

type iiifInfo struct {
	Context   string     `json:"@context"`
	ID        string     `json:"id"`
	Type      string     `json:"type"`
	Protocol  string     `json:"protocol"`
	Profile   string     `json:"profile"`
	Width     int        `json:"width"`
	Height    int        `json:"height"`
	MaxWidth  int        `json:"maxWidth,omitempty"`
	MaxHeight int        `json:"maxHeight,omitempty"`
	Sizes     []IIIFSize `json:"sizes,omitempty"`
	Tiles     []iiifSet  `json:"tiles"`
}

type iiifSet struct {
	Width        int   `json:"width"`
	Height       int   `json:"height"`
	ScaleFactors []int `json:"scaleFactors"`
}

// Info is the service's info.json; id is its absolute base URL, without
// the trailing slash.
func (l IIIFLayout) Info(id string) []byte {
	info := iiifInfo{
		Context:  "http://iiif.io/api/image/3/context.json",
		ID:       id,
		Type:     "ImageService3",
		Protocol: "http://iiif.io/api/image",
		Profile:  "level0",
		Width:    l.Width,
		Height:   l.Height,
		Sizes:    l.Sizes,
		Tiles:    []iiifSet{{Width: TileSize, Height: TileSize, ScaleFactors: l.ScaleFactors}},
	}
	if m := l.MaxSize(); m.Width != l.Width || m.Height != l.Height {
		info.MaxWidth, info.MaxHeight = m.Width, m.Height
	}
	b, _ := json.MarshalIndent(info, "", "  ") // plain values: cannot fail
	return append(b, '\n')
}

// IIIFFiles decodes an image once and returns every file of its layout
// but info.json, by name: JPEG at Quality, upright (EXIF orientation
// applied), transparency over white. The output depends only on the input
// bytes; tiles are encoded on every core.
func IIIFFiles(data []byte, l IIIFLayout) (map[string][]byte, error) {
	src, orient, err := decodeOriented(data)
	if err != nil {
		return nil, err
	}
	full := orientRGBA(overWhite(src), orient)
	if full.Rect.Dx() != l.Width || full.Rect.Dy() != l.Height {
		return nil, fmt.Errorf("the image is %d×%d, its tiles were laid out for %d×%d", full.Rect.Dx(), full.Rect.Dy(), l.Width, l.Height)
	}
	levels := map[int]*image.RGBA{1: full}
	for _, s := range l.ScaleFactors[1:] {
		levels[s] = halve(levels[s/2])
	}
	out := make(map[string][]byte, len(l.Files))
	var mu sync.Mutex
	var firstErr error
	work := make(chan string)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range work {
				t := l.tiles[name]
				var buf bytes.Buffer
				err := jpeg.Encode(&buf, levels[t.scale].SubImage(t.rect), &jpeg.Options{Quality: Quality})
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				out[name] = buf.Bytes()
				mu.Unlock()
			}
		}()
	}
	for _, name := range l.Files {
		work <- name
	}
	close(work)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}

// overWhite draws an image onto a white RGBA canvas: JPEG has no
// transparency, and a transparent pixel would otherwise turn black.
func overWhite(src image.Image) *image.RGBA {
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	if o, ok := src.(interface{ Opaque() bool }); !ok || !o.Opaque() {
		draw.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
		draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Over)
		return dst
	}
	draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Src)
	return dst
}

// halve scales an image to ⌈w/2⌉×⌈h/2⌉ by averaging each 2×2 block (the
// last row and column average what they have), so that level s's size is
// exactly ⌈W/s⌉×⌈H/s⌉, as the tiles' sizes say.
func halve(src *image.RGBA) *image.RGBA {
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := ceilDiv(w, 2), ceilDiv(h, 2)
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range dh {
		y0, y1 := 2*y, min(2*y+1, h-1)
		for x := range dw {
			x0, x1 := 2*x, min(2*x+1, w-1)
			a, b := src.PixOffset(x0, y0), src.PixOffset(x1, y0)
			c, d := src.PixOffset(x0, y1), src.PixOffset(x1, y1)
			o := dst.PixOffset(x, y)
			for k := range 4 {
				sum := int(src.Pix[a+k]) + int(src.Pix[b+k]) + int(src.Pix[c+k]) + int(src.Pix[d+k])
				dst.Pix[o+k] = uint8((sum + 2) / 4)
			}
		}
	}
	return dst
}
