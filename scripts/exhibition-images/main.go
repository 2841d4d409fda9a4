// Command exhibition-images draws the images of the example exhibition
// "Cuộc đời Đại tướng Võ Nguyên Giáp" (content/exhibitions/
// cuoc-doi-dai-tuong-vo-nguyen-giap/): a timeline of his life's periods
// (the cover) and a large map of the places of his life, plotted from
// their coordinates over the coastline and borders of Natural Earth.
//
//	go run ./scripts/exhibition-images
//
// Every image is drawn here: no photograph and no third-party picture is
// shipped. The outlines come from Natural Earth (public domain) as
// published in the npm package world-atlas@2.0.2 (ISC): the script runs
// `npm pack` into .cache/npm/world-atlas (ignored, never committed) when
// the tarball is not there, and checks it against the registry's
// integrity hash before reading it. Only the drawn PNGs are committed.
//
// The output is deterministic: the same inputs give the same bytes.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

const (
	atlasPkg       = "world-atlas@2.0.2"
	atlasTarball   = "world-atlas-2.0.2.tgz"
	atlasIntegrity = "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
	atlasFile      = "package/countries-10m.json"
)

func main() {
	out := flag.String("out", filepath.Join("content", "exhibitions", "cuoc-doi-dai-tuong-vo-nguyen-giap"), "folder the images are written into")
	cache := flag.String("cache", filepath.Join(".cache", "npm", "world-atlas"), "folder holding (or receiving) the world-atlas tarball")
	flag.Parse()
	if err := run(*out, *cache); err != nil {
		fmt.Fprintln(os.Stderr, "exhibition-images:", err)
		os.Exit(1)
	}
}

func run(out, cache string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	topo, err := loadAtlas(cache)
	if err != nil {
		return err
	}
	if err := writePNG(filepath.Join(out, "dong-thoi-gian.png"), drawTimeline()); err != nil {
		return err
	}
	m, err := drawMap(topo)
	if err != nil {
		return err
	}
	return writePNG(filepath.Join(out, "ban-do-nhung-noi-gan-bo.png"), m)
}

// loadAtlas returns the countries topology, fetching the npm tarball
// when it is not cached and refusing one whose hash is not the pinned one.
func loadAtlas(cache string) (*topology, error) {
	tgz := filepath.Join(cache, atlasTarball)
	if _, err := os.Stat(tgz); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(cache, 0o755); err != nil {
			return nil, err
		}
		cmd := exec.Command("npm", "pack", "--silent", atlasPkg)
		cmd.Dir = cache
		cmd.Stderr = os.Stderr
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("npm pack %s (npm is needed once, to fetch the Natural Earth outlines): %w", atlasPkg, err)
		}
	}
	data, err := os.ReadFile(tgz)
	if err != nil {
		return nil, err
	}
	sum := sha512.Sum512(data)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != atlasIntegrity {
		return nil, fmt.Errorf("%s: integrity %s, want %s", tgz, got, atlasIntegrity)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", tgz, err)
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("%s: no %s", tgz, atlasFile)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", tgz, err)
		}
		if h.Name != atlasFile {
			continue
		}
		var t topology
		if err := json.NewDecoder(tr).Decode(&t); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", tgz, atlasFile, err)
		}
		return &t, nil
	}
}

// topology is the part of a TopoJSON file this script reads.
type topology struct {
	Transform struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]float64 `json:"arcs"`
	Objects struct {
		Countries struct {
			Geometries []struct {
				Type       string          `json:"type"`
				Arcs       json.RawMessage `json:"arcs"`
				Properties struct {
					Name string `json:"name"`
				} `json:"properties"`
			} `json:"geometries"`
		} `json:"countries"`
	} `json:"objects"`
}

type pt struct{ X, Y float64 }

// arc decodes arc i (negative: ^i reversed) into longitude/latitude.
func (t *topology) arc(i int) []pt {
	rev := i < 0
	if rev {
		i = ^i
	}
	var x, y float64
	pts := make([]pt, 0, len(t.Arcs[i]))
	for _, d := range t.Arcs[i] {
		x += d[0]
		y += d[1]
		pts = append(pts, pt{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]})
	}
	if rev {
		for a, b := 0, len(pts)-1; a < b; a, b = a+1, b-1 {
			pts[a], pts[b] = pts[b], pts[a]
		}
	}
	return pts
}

// country is one country's rings (lng/lat) and the arcs they use.
type country struct {
	name  string
	rings [][]pt
	arcs  []int
}

func (t *topology) countries() ([]country, error) {
	var cs []country
	for _, g := range t.Objects.Countries.Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, err
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, err
			}
		default:
			continue
		}
		c := country{name: g.Properties.Name}
		for _, p := range polys {
			for _, ring := range p {
				var r []pt
				for k, a := range ring {
					c.arcs = append(c.arcs, a)
					ps := t.arc(a)
					if k > 0 {
						ps = ps[1:]
					}
					r = append(r, ps...)
				}
				c.rings = append(c.rings, r)
			}
		}
		cs = append(cs, c)
	}
	return cs, nil
}

// ---- drawing ----

var (
	fontRegular, fontBold *sfnt.Font
	faceCache             = map[[2]float64]font.Face{}
)

func init() {
	var err error
	if fontRegular, err = opentype.Parse(dejavusans.TTF); err != nil {
		panic(err)
	}
	if fontBold, err = opentype.Parse(dejavusansbold.TTF); err != nil {
		panic(err)
	}
}

func face(size float64, bold bool) font.Face {
	k := [2]float64{size, 0}
	src := fontRegular
	if bold {
		k[1] = 1
		src = fontBold
	}
	if f, ok := faceCache[k]; ok {
		return f
	}
	f, err := opentype.NewFace(src, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic(err)
	}
	faceCache[k] = f
	return f
}

// canvas is an image and the rectangle fills are clipped to.
type canvas struct {
	img  *image.RGBA
	clip image.Rectangle
}

func newCanvas(w, h int, bg color.Color) *canvas {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
	return &canvas{img, img.Bounds()}
}

// fill paints the polygons (pixel coordinates, nonzero winding) in col.
func (c *canvas) fill(col color.Color, polys ...[]pt) {
	b := c.clip
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	var clipped [][]pt
	for _, p := range polys {
		p = clipPoly(p, float64(b.Min.X)-2, float64(b.Min.Y)-2, float64(b.Max.X)+2, float64(b.Max.Y)+2)
		if len(p) < 3 {
			continue
		}
		clipped = append(clipped, p)
		for _, q := range p {
			minX, minY = math.Min(minX, q.X), math.Min(minY, q.Y)
			maxX, maxY = math.Max(maxX, q.X), math.Max(maxY, q.Y)
		}
	}
	if len(clipped) == 0 {
		return
	}
	r := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1).Intersect(b)
	if r.Empty() {
		return
	}
	z := vector.NewRasterizer(r.Dx(), r.Dy())
	ox, oy := float32(r.Min.X), float32(r.Min.Y)
	for _, p := range clipped {
		z.MoveTo(float32(p[0].X)-ox, float32(p[0].Y)-oy)
		for _, q := range p[1:] {
			z.LineTo(float32(q.X)-ox, float32(q.Y)-oy)
		}
		z.ClosePath()
	}
	z.DrawOp = draw.Over
	z.Draw(c.img, r, image.NewUniform(col), image.Point{})
}

// clipPoly cuts a polygon to a rectangle (Sutherland–Hodgman).
func clipPoly(p []pt, x0, y0, x1, y1 float64) []pt {
	edges := []func(pt) bool{
		func(q pt) bool { return q.X >= x0 },
		func(q pt) bool { return q.X <= x1 },
		func(q pt) bool { return q.Y >= y0 },
		func(q pt) bool { return q.Y <= y1 },
	}
	cut := []func(a, b pt) pt{
		func(a, b pt) pt { return lerpAt(a, b, (x0-a.X)/(b.X-a.X)) },
		func(a, b pt) pt { return lerpAt(a, b, (x1-a.X)/(b.X-a.X)) },
		func(a, b pt) pt { return lerpAt(a, b, (y0-a.Y)/(b.Y-a.Y)) },
		func(a, b pt) pt { return lerpAt(a, b, (y1-a.Y)/(b.Y-a.Y)) },
	}
	for e, in := range edges {
		if len(p) == 0 {
			return nil
		}
		var o []pt
		prev := p[len(p)-1]
		for _, cur := range p {
			switch {
			case in(cur) && in(prev):
				o = append(o, cur)
			case in(cur):
				o = append(o, cut[e](prev, cur), cur)
			case in(prev):
				o = append(o, cut[e](prev, cur))
			}
			prev = cur
		}
		p = o
	}
	return p
}

func lerpAt(a, b pt, t float64) pt { return pt{a.X + (b.X-a.X)*t, a.Y + (b.Y-a.Y)*t} }

// circle returns a polygon approximating a circle, always counter-clockwise
// in pixel space, so that overlapping shapes of one fill add up.
func circle(c pt, r float64) []pt {
	n := int(math.Max(16, r*0.8))
	p := make([]pt, n)
	for i := range p {
		a := -2 * math.Pi * float64(i) / float64(n)
		p[i] = pt{c.X + r*math.Cos(a), c.Y + r*math.Sin(a)}
	}
	return p
}

// strokePolys returns the shapes of a line of width w through pts, with
// round joins: one rectangle per segment and a disc at each point.
func strokePolys(pts []pt, w float64) [][]pt {
	var out [][]pt
	h := w / 2
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		dx, dy := b.X-a.X, b.Y-a.Y
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*h, dx/l*h
		q := []pt{{a.X + nx, a.Y + ny}, {b.X + nx, b.Y + ny}, {b.X - nx, b.Y - ny}, {a.X - nx, a.Y - ny}}
		if area(q) < 0 {
			q[0], q[1], q[2], q[3] = q[3], q[2], q[1], q[0]
		}
		out = append(out, q)
	}
	if w >= 3 {
		for _, p := range pts {
			out = append(out, orient(circle(p, h)))
		}
	}
	return out
}

func area(p []pt) float64 {
	var s float64
	for i := range p {
		a, b := p[i], p[(i+1)%len(p)]
		s += a.X*b.Y - b.X*a.Y
	}
	return s / 2
}

func orient(p []pt) []pt {
	if area(p) < 0 {
		for a, b := 0, len(p)-1; a < b; a, b = a+1, b-1 {
			p[a], p[b] = p[b], p[a]
		}
	}
	return p
}

func (c *canvas) stroke(col color.Color, w float64, pts []pt) {
	c.fill(col, strokePolys(pts, w)...)
}

// dashed strokes pts with dashes of length on, gaps off.
func (c *canvas) dashed(col color.Color, w, on, off float64, pts []pt) {
	var polys [][]pt
	var cur []pt
	pos, drawing := 0.0, true
	left := on
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		l := math.Hypot(b.X-a.X, b.Y-a.Y)
		t := 0.0
		for l-t > 0 {
			step := math.Min(left, l-t)
			p0 := lerpAt(a, b, t/l)
			p1 := lerpAt(a, b, (t+step)/l)
			if drawing {
				if len(cur) == 0 {
					cur = append(cur, p0)
				}
				cur = append(cur, p1)
			}
			t += step
			left -= step
			pos += step
			if left <= 1e-9 {
				if drawing && len(cur) > 1 {
					polys = append(polys, strokePolys(cur, w)...)
				}
				cur = nil
				drawing = !drawing
				left = on
				if !drawing {
					left = off
				}
			}
		}
	}
	if drawing && len(cur) > 1 {
		polys = append(polys, strokePolys(cur, w)...)
	}
	c.fill(col, polys...)
}

func (c *canvas) rect(col color.Color, x0, y0, x1, y1 float64) {
	c.fill(col, []pt{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}})
}

// text draws s with its left end at x and its baseline at y; align 0
// left, 0.5 centre, 1 right. It returns the advance.
func (c *canvas) text(s string, x, y, size float64, bold bool, col color.Color, align float64) float64 {
	f := face(size, bold)
	w := float64(font.MeasureString(f, s)) / 64
	d := &font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: f,
		Dot: fixed.Point26_6{X: fixed.Int26_6(math.Round((x - w*align) * 64)), Y: fixed.Int26_6(math.Round(y * 64))}}
	d.DrawString(s)
	return w
}

// halo draws s over a soft outline of bg, so that a label reads over
// lines and colours.
func (c *canvas) halo(s string, x, y, size float64, bold bool, col, bg color.Color, align float64, r float64) {
	for k := 0; k < 16; k++ {
		a := 2 * math.Pi * float64(k) / 16
		c.text(s, x+r*math.Cos(a), y+r*math.Sin(a), size, bold, bg, align)
	}
	c.text(s, x, y, size, bold, col, align)
}

func measure(s string, size float64, bold bool) float64 {
	return float64(font.MeasureString(face(size, bold), s)) / 64
}

func writePNG(path string, img image.Image) error {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Printf("%s: %dx%d, %d KB\n", path, img.Bounds().Dx(), img.Bounds().Dy(), buf.Len()/1024)
	return nil
}

func rgb(hex uint32) color.RGBA {
	return color.RGBA{uint8(hex >> 16), uint8(hex >> 8), uint8(hex), 0xff}
}

// ---- the timeline (cover) ----

type period struct {
	from, to int
	vi, en   string
	col      color.RGBA
}

var periods = []period{
	{1911, 1925, "Tuổi thơ", "Childhood", rgb(0xe9c46a)},
	{1925, 1940, "Học trò, nhà giáo, nhà báo", "Student, teacher, journalist", rgb(0xf4a261)},
	{1940, 1945, "Việt Bắc, Cách mạng tháng Tám", "Việt Bắc, the August Revolution", rgb(0xe76f51)},
	{1945, 1954, "Kháng chiến chống Pháp", "War against France", rgb(0xc0392b)},
	{1954, 1975, "Chống Mỹ, thống nhất", "War against the US", rgb(0x9b2226)},
	{1975, 1991, "Xây dựng đất nước", "Rebuilding", rgb(0x6d597a)},
	{1991, 2013, "Những năm cuối đời", "Later years", rgb(0x355070)},
}

type event struct {
	year   int
	vi, en string
	top    float64 // the label's height
	align  float64 // 0 left of the tick, 0.5 centred, 1 right
}

var events = []event{
	{1911, "Sinh ở An Xá", "Born in An Xá", 340, 0},
	{1944, "Đội VN Tuyên truyền Giải phóng quân", "Propaganda Unit of the Liberation Army", 250, 0.5},
	{1954, "Điện Biên Phủ", "The Điện Biên Phủ campaign", 340, 0.5},
	{1975, "Thống nhất đất nước", "Reunification", 250, 0},
	{2013, "Yên nghỉ ở Vũng Chùa", "Laid to rest at Vũng Chùa", 340, 1},
}

func drawTimeline() image.Image {
	const W, H = 1600, 900
	paper, ink, muted := rgb(0xfbf6ec), rgb(0x2b2118), rgb(0x6b5e50)
	c := newCanvas(W, H, paper)
	c.rect(rgb(0x9b2226), 0, 0, W, 14)
	c.text("CUỘC ĐỜI ĐẠI TƯỚNG VÕ NGUYÊN GIÁP", 80, 112, 58, true, ink, 0)
	c.text("The life of General Võ Nguyên Giáp · 1911–2013", 80, 170, 36, false, muted, 0)

	x0, x1 := 80.0, 1520.0
	yx := func(year int) float64 { return x0 + (x1-x0)*float64(year-1911)/float64(2013-1911) }
	const bandTop, bandBot = 430.0, 520.0
	for _, p := range periods {
		c.rect(p.col, yx(p.from), bandTop, yx(p.to), bandBot)
		c.rect(paper, yx(p.to)-1.5, bandTop, yx(p.to)+1.5, bandBot)
	}
	// decade ticks under the band
	for y := 1920; y <= 2010; y += 10 {
		x := yx(y)
		c.rect(muted, x-1, bandBot+6, x+1, bandBot+22)
		c.text(fmt.Sprint(y), x, bandBot+52, 22, false, muted, 0.5)
	}
	// events above the band, on alternating heights
	for _, e := range events {
		x := yx(e.year)
		top, align := e.top, e.align
		c.rect(ink, x-1.5, top+26, x+1.5, bandTop)
		c.fill(ink, circle(pt{x, bandTop}, 9))
		tx := x
		if align == 0 {
			tx = x - 4
		} else if align == 1 {
			tx = x + 4
		}
		c.text(fmt.Sprintf("%d · %s", e.year, e.vi), tx, top-10, 25, true, ink, align)
		c.text(e.en, tx, top+16, 21, false, muted, align)
	}
	// the periods' legend: two columns below
	ly := 650.0
	for i, p := range periods {
		col := i % 2
		row := i / 2
		x := 80 + float64(col)*740
		y := ly + float64(row)*62
		c.rect(p.col, x, y-26, x+40, y+4)
		c.text(fmt.Sprintf("%d–%d  %s", p.from, p.to, p.vi), x+56, y-4, 25, true, ink, 0)
		c.text(p.en, x+56, y+24, 19, false, muted, 0)
	}
	c.text("Hình vẽ của dự án diachido · drawn by the diachido project", W-80, H-30, 18, false, muted, 1)
	return c.img
}

// ---- the map ----

type place struct {
	n        int
	lat, lng float64
	vi, en   string
	years    string
	dx, dy   float64 // label offset from the point, in pixels
	align    float64
}

// places holds approximate coordinates (WGS84) of the places of his life.
var places = []place{
	{1, 17.200, 106.800, "An Xá, Lệ Thủy, Quảng Bình", "his birthplace", "1911", 90, 20, 0},
	{2, 16.463, 107.585, "Huế", "Quốc học school", "1925–1927", 90, 20, 0},
	{3, 21.028, 105.834, "Hà Nội", "teacher, minister; died here", "1935 · 1945 · 2013", 90, 20, 0},
	{4, 22.981, 106.051, "Pác Bó, Cao Bằng", "with Hồ Chí Minh", "1941", 90, 20, 0},
	{5, 22.570, 105.990, "Rừng Trần Hưng Đạo, Nguyên Bình", "the army's founding", "22/12/1944", -90, 20, 1},
	{6, 21.780, 105.430, "Tân Trào, Tuyên Quang", "before the August Revolution", "8/1945", -90, 20, 1},
	{7, 21.386, 103.017, "Điện Biên Phủ", "the 1954 campaign", "13/3–7/5/1954", 90, 20, 0},
	{8, 17.900, 106.460, "Vũng Chùa, Quảng Bình", "his resting place", "2013", -90, 20, 1},
}

func drawMap(t *topology) (image.Image, error) {
	const W, H = 4800, 6560
	const lng0, lng1, lat0, lat1 = 102.0, 109.0, 15.9, 23.5
	const top = 800.0
	latc := (lat0 + lat1) / 2 * math.Pi / 180
	k := W / ((lng1 - lng0) * math.Cos(latc)) // pixels per degree of latitude
	proj := func(lng, lat float64) pt {
		return pt{(lng - lng0) * k * math.Cos(latc), top + (lat1-lat)*k}
	}
	mapBot := top + (lat1-lat0)*k

	sea, land, vn := rgb(0xd7e7ef), rgb(0xe9e4da), rgb(0xf6e7c1)
	ink, muted, red := rgb(0x2b2118), rgb(0x5d5548), rgb(0xb3261e)
	c := newCanvas(W, H, rgb(0xfbf6ec))
	c.rect(sea, 0, top, W, mapBot)
	c.clip = image.Rect(0, int(top), W, int(math.Ceil(mapBot)))

	cs, err := t.countries()
	if err != nil {
		return nil, err
	}
	uses := map[int]int{}
	var inView []country
	for _, ct := range cs {
		in := false
		for _, r := range ct.rings {
			for _, p := range r {
				if p.X > lng0-3 && p.X < lng1+3 && p.Y > lat0-3 && p.Y < lat1+3 {
					in = true
					break
				}
			}
		}
		if !in {
			continue
		}
		inView = append(inView, ct)
		for _, a := range ct.arcs {
			if a < 0 {
				a = ^a
			}
			uses[a]++
		}
	}
	// land first, Vietnam over its neighbours
	for _, ct := range inView {
		col := land
		if ct.name == "Vietnam" {
			col = vn
		}
		var polys [][]pt
		for _, r := range ct.rings {
			p := make([]pt, len(r))
			for i, q := range r {
				p[i] = proj(q.X, q.Y)
			}
			polys = append(polys, p)
		}
		c.fill(col, polys...)
	}
	// graticule every degree, over land and sea
	grat := color.NRGBA{0x5d, 0x55, 0x48, 0x50}
	for lng := math.Ceil(lng0); lng <= lng1; lng++ {
		x := proj(lng, 0).X
		c.rect(grat, x-1.5, top, x+1.5, mapBot)
	}
	for lat := math.Ceil(lat0); lat <= lat1; lat++ {
		y := proj(0, lat).Y
		c.rect(grat, 0, y-1.5, W, y+1.5)
	}
	// coastlines (arcs one country uses) and land borders (shared arcs),
	// each arc once, in a fixed order
	for a := 0; a < len(t.Arcs); a++ {
		n, ok := uses[a]
		if !ok {
			continue
		}
		ll := t.arc(a)
		p := make([]pt, len(ll))
		for i, q := range ll {
			p[i] = proj(q.X, q.Y)
		}
		if n == 1 {
			c.stroke(rgb(0x6f8a99), 4, p)
		} else {
			c.dashed(rgb(0x8c4a3c), 7, 28, 14, p)
		}
	}
	// degree labels along the edges
	for lng := math.Ceil(lng0); lng < lng1; lng++ {
		x := proj(lng, 0).X
		c.halo(fmt.Sprintf("%.0f°E", lng), x+12, top+60, 44, false, muted, sea, 0, 4)
	}
	for lat := math.Ceil(lat0); lat <= lat1; lat++ {
		y := proj(0, lat).Y
		c.halo(fmt.Sprintf("%.0f°N", lat), 24, y-14, 44, false, muted, land, 0, 4)
	}
	// country and sea names
	label := func(lng, lat float64, vi, en string, size float64, col color.Color) {
		p := proj(lng, lat)
		c.halo(vi, p.X, p.Y, size, true, col, rgb(0xfbf6ec), 0.5, 5)
		c.halo(en, p.X, p.Y+size*0.95, size*0.6, false, col, rgb(0xfbf6ec), 0.5, 4)
	}
	label(104.3, 23.05, "TRUNG QUỐC", "CHINA", 110, muted)
	label(103.2, 19.2, "LÀO", "LAOS", 110, muted)
	label(102.95, 16.45, "THÁI LAN", "THAILAND", 80, muted)
	label(104.9, 20.1, "VIỆT NAM", "VIETNAM", 120, rgb(0x8a5a1a))
	label(107.75, 19.55, "Vịnh Bắc Bộ", "Gulf of Tonkin", 90, rgb(0x3f6577))
	label(108.15, 16.75, "Biển Đông", "East Sea", 80, rgb(0x3f6577))
	label(108.65, 19.05, "Hải Nam", "Hainan (CN)", 56, muted)

	c.clip = c.img.Bounds()
	// the places: a numbered red disc, a name, the years and an English line
	for _, pl := range places {
		p := proj(pl.lng, pl.lat)
		c.fill(color.White, circle(p, 52))
		c.fill(red, circle(p, 44))
		c.text(fmt.Sprint(pl.n), p.X, p.Y+22, 62, true, color.White, 0.5)
		x, y := p.X+pl.dx, p.Y+pl.dy
		c.halo(pl.vi, x, y-24, 88, true, ink, rgb(0xfffaf0), pl.align, 7)
		c.halo(pl.years, x, y+56, 64, true, red, rgb(0xfffaf0), pl.align, 6)
		c.halo(pl.en, x, y+124, 56, false, muted, rgb(0xfffaf0), pl.align, 5)
	}

	// title
	c.rect(rgb(0x9b2226), 0, 0, W, 36)
	c.text("NHỮNG NƠI GẮN BÓ VỚI CUỘC ĐỜI", 120, 220, 136, true, ink, 0)
	c.text("ĐẠI TƯỚNG VÕ NGUYÊN GIÁP (1911–2013)", 120, 390, 136, true, ink, 0)
	c.text("Places in the life of General Võ Nguyên Giáp", 120, 540, 88, false, muted, 0)
	c.text("Miền Bắc và Bắc Trung Bộ; vị trí gần đúng · Northern and north-central Vietnam; positions are approximate", 120, 680, 58, false, muted, 0)

	// legend over Laos and Thailand, bottom left of the map
	lx, ly := 100.0, proj(0, 18.2).Y
	lw, lh := 1500.0, 140.0+float64(len(places))*118
	c.fill(color.NRGBA{0xfb, 0xf6, 0xec, 0xf0}, []pt{{lx, ly}, {lx + lw, ly}, {lx + lw, ly + lh}, {lx, ly + lh}})
	c.stroke(muted, 4, []pt{{lx, ly}, {lx + lw, ly}, {lx + lw, ly + lh}, {lx, ly + lh}, {lx, ly}})
	c.text("Chú giải · Key", lx+50, ly+100, 72, true, ink, 0)
	for i, pl := range places {
		y := ly + 210 + float64(i)*118
		cp := pt{lx + 95, y - 24}
		c.fill(red, circle(cp, 40))
		c.text(fmt.Sprint(pl.n), cp.X, cp.Y+20, 54, true, color.White, 0.5)
		name := strings.SplitN(pl.vi, ",", 2)[0]
		c.text(pl.years+"  "+name, lx+165, y, 58, false, ink, 0)
	}

	// scale bar: 100 km along the centre latitude
	kmPerPx := 111.32 / k
	bar := 100 / kmPerPx
	sp := proj(107.55, 18.35)
	sx, sy := sp.X, sp.Y
	c.rect(color.NRGBA{0xfb, 0xf6, 0xec, 0xe0}, sx-60, sy-110, sx+bar+110, sy+60)
	c.rect(ink, sx, sy, sx+bar/2, sy+24)
	c.rect(color.White, sx+bar/2, sy, sx+bar, sy+24)
	c.stroke(ink, 4, []pt{{sx, sy}, {sx + bar, sy}, {sx + bar, sy + 24}, {sx, sy + 24}, {sx, sy}})
	c.text("0", sx, sy-24, 48, false, ink, 0.5)
	c.text("50", sx+bar/2, sy-24, 48, false, ink, 0.5)
	c.text("100 km", sx+bar, sy-24, 48, false, ink, 0.5)

	// north arrow, top right of the map
	nx, ny := W-260.0, top+260
	c.fill(ink, []pt{{nx, ny - 140}, {nx + 60, ny + 60}, {nx, ny + 20}, {nx - 60, ny + 60}})
	c.text("B · N", nx, ny+150, 64, true, ink, 0.5)

	// credit
	c.text("Hình vẽ của dự án diachido; đường bờ biển và biên giới: Natural Earth (phạm vi công cộng), qua gói npm world-atlas 2.0.2.", 120, H-150, 54, false, muted, 0)
	c.text("Drawn by the diachido project; coastlines and borders: Natural Earth (public domain), via the npm package world-atlas 2.0.2.", 120, H-70, 54, false, muted, 0)
	return c.img, nil
}
