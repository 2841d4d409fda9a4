package media

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
)

// MP3 is what an audio guide's page says about it before anyone taps play.
type MP3 struct {
	Duration time.Duration
	// Bitrate is the average bitrate in kbit/s.
	Bitrate    int
	SampleRate int
	// VBR is true when the duration came from a Xing or VBRI header.
	VBR bool
}

// ErrNotMP3 is wrapped by ParseMP3's errors when the bytes are not MPEG
// audio (a WAV or M4A renamed .mp3, a text file, a truncated upload).
var ErrNotMP3 = errors.New("not an MP3 file")

// mp3Scan is how far past the ID3 tag ParseMP3 looks for the first frame:
// encoders pad a little, but a file with no frame this early is not MP3.
const mp3Scan = 64 << 10

// ParseMP3 finds an MP3's duration without decoding it: it skips an ID3v2
// tag, reads the first frame header and uses the frame count of a Xing,
// Info or VBRI header when there is one; otherwise it estimates from the
// file size and the bitrate (exact for constant bitrate). r holds the whole
// file, size bytes.
func ParseMP3(r io.ReaderAt, size int64) (MP3, error) {
	var head [10]byte
	if _, err := r.ReadAt(head[:], 0); err != nil {
		return MP3{}, fmt.Errorf("%w: the file is too short", ErrNotMP3)
	}
	if kind := otherAudio(head[:]); kind != "" {
		return MP3{}, fmt.Errorf("%w: it is %s; convert it to MP3", ErrNotMP3, kind)
	}
	start := int64(0)
	if bytes.Equal(head[:3], []byte("ID3")) {
		n := int64(head[6]&0x7f)<<21 | int64(head[7]&0x7f)<<14 | int64(head[8]&0x7f)<<7 | int64(head[9]&0x7f)
		start = 10 + n
		if head[5]&0x10 != 0 { // footer present
			start += 10
		}
	}
	end := size
	var tail [128]byte
	if size-start >= 128 {
		if _, err := r.ReadAt(tail[:], size-128); err == nil && bytes.Equal(tail[:3], []byte("TAG")) {
			end -= 128 // ID3v1 tag
		}
	}
	buf := make([]byte, min(int64(mp3Scan)+4096, max(end-start, 0)))
	n, err := r.ReadAt(buf, start)
	if err != nil && err != io.EOF {
		return MP3{}, err
	}
	buf = buf[:n]
	for off := 0; off+4 <= len(buf) && off < mp3Scan; off++ {
		h, ok := parseFrameHeader(buf[off:])
		if !ok {
			continue
		}
		// A frame with a VBR header, or one followed by another frame of
		// the same stream (or the end of the file), is the real start; a
		// lone sync-looking byte pair inside a tag is not.
		frames, vbr := vbrFrames(buf[off:], h)
		next := off + h.length
		confirmed := vbr || int64(next) == end-start
		if !confirmed && next+4 <= len(buf) {
			if h2, ok := parseFrameHeader(buf[next:]); ok && h2.version == h.version && h2.layer == h.layer && h2.sampleRate == h.sampleRate {
				confirmed = true
			}
		}
		if !confirmed {
			continue
		}
		audio := end - start - int64(off)
		info := MP3{SampleRate: h.sampleRate}
		if vbr && frames > 0 {
			secs := float64(frames) * float64(h.samples) / float64(h.sampleRate)
			info.Duration = time.Duration(secs * float64(time.Second))
			info.VBR = true
			if secs > 0 {
				info.Bitrate = int(float64(audio-int64(h.length)) * 8 / secs / 1000)
			}
		} else {
			info.Bitrate = h.bitrate
			info.Duration = time.Duration(float64(audio) * 8 / float64(h.bitrate*1000) * float64(time.Second))
		}
		return info, nil
	}
	return MP3{}, fmt.Errorf("%w: no MPEG audio frame found", ErrNotMP3)
}

// otherAudio names the formats most often renamed to .mp3 by mistake.
func otherAudio(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("RIFF")):
		return "a WAV file"
	case bytes.HasPrefix(head, []byte("fLaC")):
		return "a FLAC file"
	case bytes.HasPrefix(head, []byte("OggS")):
		return "an Ogg file"
	case len(head) >= 8 && string(head[4:8]) == "ftyp":
		return "an MP4/M4A file"
	case bytes.HasPrefix(head, []byte("#!AMR")):
		return "an AMR voice recording"
	}
	return ""
}

type frameHeader struct {
	version    int // 1 (MPEG-1), 2 (MPEG-2), 25 (MPEG-2.5)
	layer      int // 1, 2, 3
	bitrate    int // kbit/s
	sampleRate int
	samples    int // per frame
	mono       bool
	length     int // bytes, header included
}

var (
	bitratesV1 = [4][16]int{
		1: {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
		2: {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
		3: {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
	}
	bitratesV2 = [4][16]int{
		1: {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
		2: {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
		3: {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
	}
	sampleRates = map[int][3]int{1: {44100, 48000, 32000}, 2: {22050, 24000, 16000}, 25: {11025, 12000, 8000}}
)

// parseFrameHeader reads a 4-byte MPEG audio frame header. Free-format
// bitrates and reserved values are refused.
func parseFrameHeader(b []byte) (frameHeader, bool) {
	if len(b) < 4 || b[0] != 0xff || b[1]&0xe0 != 0xe0 {
		return frameHeader{}, false
	}
	var h frameHeader
	switch (b[1] >> 3) & 3 {
	case 0:
		h.version = 25
	case 2:
		h.version = 2
	case 3:
		h.version = 1
	default:
		return h, false
	}
	h.layer = 4 - int((b[1]>>1)&3)
	if h.layer == 4 {
		return h, false
	}
	bi, si := int(b[2]>>4), int((b[2]>>2)&3)
	if bi == 0 || bi == 15 || si == 3 {
		return h, false
	}
	if h.version == 1 {
		h.bitrate = bitratesV1[h.layer][bi]
	} else {
		h.bitrate = bitratesV2[h.layer][bi]
	}
	h.sampleRate = sampleRates[h.version][si]
	pad := int((b[2] >> 1) & 1)
	h.mono = b[3]>>6 == 3
	switch {
	case h.layer == 1:
		h.samples = 384
		h.length = (12*h.bitrate*1000/h.sampleRate + pad) * 4
	case h.layer == 3 && h.version != 1:
		h.samples = 576
		h.length = 72*h.bitrate*1000/h.sampleRate + pad
	default:
		h.samples = 1152
		h.length = 144*h.bitrate*1000/h.sampleRate + pad
	}
	return h, h.length > 4
}

// vbrFrames reads the frame count of a Xing/Info header (after the side
// information) or a VBRI header (32 bytes after the frame header) in the
// first frame, f.
func vbrFrames(f []byte, h frameHeader) (uint32, bool) {
	side := 32
	switch {
	case h.version == 1 && h.mono:
		side = 17
	case h.version != 1 && !h.mono:
		side = 17
	case h.version != 1 && h.mono:
		side = 9
	}
	if h.layer == 3 {
		if x := 4 + side; len(f) >= x+12 && (string(f[x:x+4]) == "Xing" || string(f[x:x+4]) == "Info") {
			flags := binary.BigEndian.Uint32(f[x+4:])
			if flags&1 != 0 {
				return binary.BigEndian.Uint32(f[x+8:]), true
			}
			return 0, false
		}
	}
	if x := 36; len(f) >= x+18 && string(f[x:x+4]) == "VBRI" {
		return binary.BigEndian.Uint32(f[x+14:]), true
	}
	return 0, false
}
