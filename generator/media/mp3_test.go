package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
	"time"
)

// frame returns one MPEG audio frame: the 4-byte header hdr followed by
// zero bytes up to the frame's length (silence is not needed: ParseMP3
// never decodes audio).
func frame(t *testing.T, hdr [4]byte) []byte {
	t.Helper()
	h, ok := parseFrameHeader(hdr[:])
	if !ok {
		t.Fatalf("bad test header % x", hdr)
	}
	f := make([]byte, h.length)
	copy(f, hdr[:])
	return f
}

// id3v2 returns an ID3v2.3 tag with a body of n bytes (a syncsafe size).
func id3v2(n int) []byte {
	b := []byte{'I', 'D', '3', 3, 0, 0, byte(n >> 21 & 0x7f), byte(n >> 14 & 0x7f), byte(n >> 7 & 0x7f), byte(n & 0x7f)}
	body := make([]byte, n)
	// Bytes that look like a frame sync inside the tag must not fool it.
	if n > 104 {
		copy(body[100:], []byte{0xff, 0xfb, 0x90, 0x00})
	}
	return append(b, body...)
}

func id3v1() []byte {
	b := make([]byte, 128)
	copy(b, "TAG")
	return b
}

// MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, stereo, no padding: 417 bytes.
var cbr128 = [4]byte{0xff, 0xfb, 0x90, 0x00}

func parse(t *testing.T, b []byte) (MP3, error) {
	t.Helper()
	return ParseMP3(bytes.NewReader(b), int64(len(b)))
}

func near(a, b time.Duration, tol time.Duration) bool { return a-b < tol && b-a < tol }

func TestMP3ConstantBitrate(t *testing.T) {
	var b bytes.Buffer
	b.Write(id3v2(3000))
	for i := 0; i < 9000; i++ { // 9000 × 1152 / 44100 s = 3:55.1
		b.Write(frame(t, cbr128))
	}
	b.Write(id3v1())
	got, err := parse(t, b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	want := time.Duration(9000 * 1152 * int64(time.Second) / 44100)
	// Without padding, a 128k frame is 417 bytes instead of 417.96, so the
	// size estimate is 0.2% short; a player shows the same minute:second.
	if !near(got.Duration, want, time.Second) || got.Bitrate != 128 || got.SampleRate != 44100 || got.VBR {
		t.Errorf("ParseMP3 = %+v, want about %v at 128 kbit/s", got, want)
	}
	if s := FormatDuration(got.Duration); s != "3:55" && s != "3:54" {
		t.Errorf("FormatDuration = %s", s)
	}
}

func TestMP3XingFrameCount(t *testing.T) {
	// A VBR file: the first frame carries a Xing header with the frame
	// count; the size alone would say something else entirely.
	first := frame(t, cbr128)
	x := 4 + 32 // MPEG-1 stereo side information
	copy(first[x:], "Xing")
	binary.BigEndian.PutUint32(first[x+4:], 0x1)    // frames field present
	binary.BigEndian.PutUint32(first[x+8:], 10_000) // 10000 × 1152 / 44100 = 261.2 s
	var b bytes.Buffer
	b.Write(id3v2(10))
	b.Write(first)
	for i := 0; i < 20; i++ {
		b.Write(frame(t, [4]byte{0xff, 0xfb, 0x50, 0x00})) // 64 kbit/s frames
	}
	got, err := parse(t, b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !got.VBR || !near(got.Duration, 261224*time.Millisecond, 10*time.Millisecond) || FormatDuration(got.Duration) != "4:21" {
		t.Errorf("ParseMP3 = %+v (%s), want 4:21 from the Xing header", got, FormatDuration(got.Duration))
	}
}

func TestMP3InfoHeaderMPEG2Mono(t *testing.T) {
	// MPEG-2 Layer III, 24 kHz mono (voice guides are often encoded so):
	// 576 samples a frame, side information 9 bytes.
	hdr := [4]byte{0xff, 0xf3, 0x84, 0xc0} // 64 kbit/s, 24000 Hz, mono
	first := frame(t, hdr)
	x := 4 + 9
	copy(first[x:], "Info")
	binary.BigEndian.PutUint32(first[x+4:], 0xf)
	binary.BigEndian.PutUint32(first[x+8:], 12_500) // 12500 × 576 / 24000 = 300 s
	b := append(first, frame(t, hdr)...)
	got, err := parse(t, b)
	if err != nil {
		t.Fatal(err)
	}
	if got.Duration != 300*time.Second || got.SampleRate != 24000 || FormatDuration(got.Duration) != "5:00" {
		t.Errorf("ParseMP3 = %+v, want 5:00", got)
	}
}

func TestMP3VBRIHeader(t *testing.T) {
	first := frame(t, cbr128)
	copy(first[36:], "VBRI")
	binary.BigEndian.PutUint32(first[36+14:], 5000) // 5000 × 1152 / 44100 = 130.6 s
	got, err := parse(t, append(first, frame(t, cbr128)...))
	if err != nil {
		t.Fatal(err)
	}
	if !got.VBR || FormatDuration(got.Duration) != "2:11" {
		t.Errorf("ParseMP3 = %+v (%s), want 2:11 from VBRI", got, FormatDuration(got.Duration))
	}
}

func TestNotMP3(t *testing.T) {
	wav := append([]byte("RIFF\x24\x08\x00\x00WAVEfmt "), make([]byte, 2000)...)
	m4a := append([]byte("\x00\x00\x00\x20ftypM4A "), make([]byte, 2000)...)
	lone := append(append([]byte("junk"), frame(t, cbr128)[:4]...), bytes.Repeat([]byte{0x55}, 3000)...)
	for name, b := range map[string][]byte{
		"empty":           nil,
		"text":            []byte("Bài thuyết minh sẽ được ghi âm sau.\n"),
		"wav":             wav,
		"m4a":             m4a,
		"only a tag":      id3v2(500),
		"tag too large":   id3v2(10)[:10],
		"lone sync bytes": lone,
		"zeros":           make([]byte, 100_000),
	} {
		if got, err := parse(t, b); !errors.Is(err, ErrNotMP3) {
			t.Errorf("%s: ParseMP3 = %+v, %v; want ErrNotMP3", name, got, err)
		}
	}
}

func TestFormats(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0:00", 252 * time.Second: "4:12", 252*time.Second + 600*time.Millisecond: "4:13",
		59*time.Minute + 59*time.Second: "59:59", 3723 * time.Second: "1:02:03",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%v) = %s, want %s", d, got, want)
		}
	}
	if got := ISODuration(252 * time.Second); got != "PT4M12S" {
		t.Errorf("ISODuration = %s", got)
	}
	if got := ISODuration(3600 * time.Second); got != "PT1H" {
		t.Errorf("ISODuration = %s", got)
	}
	for _, tc := range []struct {
		n    int64
		dec  string
		want string
	}{
		{3_900_000, ",", "3,9 MB"}, {3_900_000, ".", "3.9 MB"}, {4_032_000, ",", "4,0 MB"},
		{999_499, ",", "999 kB"}, {999_500, ",", "1,0 MB"}, {850_000, ".", "850 kB"}, {12, ".", "1 kB"},
		{123_456_789, ",", "123 MB"},
	} {
		if got := FormatSize(tc.n, tc.dec); got != tc.want {
			t.Errorf("FormatSize(%d, %q) = %s, want %s", tc.n, tc.dec, got, tc.want)
		}
	}
}
