package content

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slugify derives a folder name from a Vietnamese title the way the contract
// says: diacritics dropped, đ/Đ → d, lowercase ASCII letters and digits,
// words joined by single hyphens ("Đình Phước Thiền" → "dinh-phuoc-thien").
func Slugify(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFD.String(title) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue // a combining tone or vowel mark
		case r == 'đ' || r == 'Đ':
			r = 'd'
		}
		r = unicode.ToLower(r)
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			continue
		}
		hyphen = true
	}
	return b.String()
}

// Fold removes tone and vowel marks and maps đ to d, lowercased: the key
// that lets "dia dao" find "Địa đạo".
func Fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if r == 'đ' || r == 'Đ' {
			r = 'd'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
