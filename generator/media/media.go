// Package media understands the files and links an entry's media come
// from, without any HTML: video links (YouTube, Facebook, Vimeo, a local
// .mp4), MP3 audio guides (duration without decoding) and photos (safe
// header checks, EXIF orientation, responsive variants).
//
// Everything here is pure and deterministic: the same bytes in give the same
// bytes out, so two builds of a site are identical and results can be
// cached by a hash of their input. Nothing here touches the network.
package media

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FormatDuration writes d the way a player shows it: "4:12", "1:02:03".
// Seconds are rounded to the nearest whole one.
func FormatDuration(d time.Duration) string {
	s := int64((d + time.Second/2) / time.Second)
	if s < 0 {
		s = 0
	}
	h, m, sec := s/3600, s/60%60, s%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, sec)
	}
	return fmt.Sprintf("%d:%02d", m, sec)
}

// ISODuration writes d as an ISO 8601 duration for <time datetime>:
// "PT4M12S".
func ISODuration(d time.Duration) string {
	s := int64((d + time.Second/2) / time.Second)
	var b strings.Builder
	b.WriteString("PT")
	if h := s / 3600; h > 0 {
		b.WriteString(strconv.FormatInt(h, 10) + "H")
	}
	if m := s / 60 % 60; m > 0 {
		b.WriteString(strconv.FormatInt(m, 10) + "M")
	}
	if sec := s % 60; sec > 0 || s == 0 {
		b.WriteString(strconv.FormatInt(sec, 10) + "S")
	}
	return b.String()
}

// FormatSize writes a file size the way phones show data use, in decimal
// units: "3.9 MB", "850 kB", with decimal as the decimal separator ("," in
// Vietnamese). Visitors on a metered plan see what a tap costs.
func FormatSize(n int64, decimal string) string {
	if decimal == "" {
		decimal = "."
	}
	switch {
	case n >= 99_950_000:
		return strconv.FormatInt((n+500_000)/1_000_000, 10) + " MB"
	case n >= 999_500:
		tenths := (n + 50_000) / 100_000
		return strconv.FormatInt(tenths/10, 10) + decimal + strconv.FormatInt(tenths%10, 10) + " MB"
	default:
		k := (n + 500) / 1000
		if k < 1 {
			k = 1
		}
		return strconv.FormatInt(k, 10) + " kB"
	}
}
