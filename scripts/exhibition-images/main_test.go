package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var folder = filepath.Join("..", "..", "content", "exhibitions", "cuoc-doi-dai-tuong-vo-nguyen-giap")

// The committed images are exactly what the script draws: whoever edits
// the drawing regenerates the files (go run ./scripts/exhibition-images),
// and two runs give the same bytes.
func TestCommittedImagesAreTheScriptsOutput(t *testing.T) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, drawTimeline()); err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile(filepath.Join(folder, "dong-thoi-gian.png"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), committed) {
		t.Errorf("dong-thoi-gian.png differs from what the script draws: run go run ./scripts/exhibition-images and commit the result")
	}

	mapFile := filepath.Join(folder, "ban-do-nhung-noi-gan-bo.png")
	committed, err = os.ReadFile(mapFile)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(committed))
	if err != nil {
		t.Fatalf("%s: %v", mapFile, err)
	}
	if cfg.Width < 4000 {
		t.Errorf("%s is %d px wide; the deep-zoom example needs at least 4000", mapFile, cfg.Width)
	}
	if len(committed) > 2<<20 {
		t.Errorf("%s is %d KB; keep the example's images small", mapFile, len(committed)>>10)
	}
	// The outlines come from the npm package, which a fresh clone does not
	// have; compare the map's bytes where an earlier run cached it.
	if raceEnabled {
		t.Log("under -race the map's dimensions are checked, not its bytes (drawing it takes a minute there)")
		return
	}
	cache := filepath.Join("..", "..", ".cache", "npm", "world-atlas")
	if _, err := os.Stat(filepath.Join(cache, atlasTarball)); err != nil {
		t.Logf("%s not cached: the map's dimensions are checked, not its bytes (go run ./scripts/exhibition-images fetches it)", atlasTarball)
		return
	}
	topo, err := loadAtlas(cache)
	if err != nil {
		t.Fatal(err)
	}
	m, err := drawMap(topo)
	if err != nil {
		t.Fatal(err)
	}
	buf.Reset()
	if err := enc.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), committed) {
		t.Errorf("ban-do-nhung-noi-gan-bo.png differs from what the script draws: run go run ./scripts/exhibition-images and commit the result")
	}
}
