package markdown

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"golang.org/x/text/unicode/norm"
)

// headingIDs gives a body's headings their fragment ids the way the
// guide's addresses are made: "## Căn cứ dưới lòng đất" is
// #can-cu-duoi-long-dat, not goldmark's ASCII-only #cn-c-di-lng-t. A
// visitor who shares a link to a section, or an editor who links one
// ("[xem](#y-nghia-cua-tran-danh)"), can read it. Latin letters lose their
// tone and vowel marks (đ → d) as in content.Slugify; letters of other
// scripts are kept with their marks, so that a Lao heading keeps a Lao id
// instead of none. Ids repeat as goldmark's do: the second is "-1".
type headingIDs struct {
	used map[string]bool
}

func newHeadingIDs() parser.IDs { return &headingIDs{used: map[string]bool{}} }

// newContext is a parser context with the project's heading ids: every
// parse of a body makes them the same way.
func newContext() parser.Context { return parser.NewContext(parser.WithIDs(newHeadingIDs())) }

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	id := headingSlug(string(value))
	if id == "" {
		if kind == ast.KindHeading {
			id = "heading"
		} else {
			id = "id"
		}
	}
	if !h.used[id] {
		h.used[id] = true
		return []byte(id)
	}
	for i := 1; ; i++ {
		if c := id + "-" + strconv.Itoa(i); !h.used[c] {
			h.used[c] = true
			return []byte(c)
		}
	}
}

func (h *headingIDs) Put(value []byte) { h.used[string(value)] = true }

// headingSlug is s lowercased, Latin letters without their marks, other
// letters, marks and digits kept, everything else a single hyphen between
// words.
func headingSlug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFC.String(s) {
		switch {
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case r < 0x80:
		case unicode.Is(unicode.Latin, r):
			// The base letter of a precomposed Vietnamese letter.
			d := []rune(norm.NFD.String(string(r)))
			r = d[0]
		}
		r = unicode.ToLower(r)
		switch {
		case unicode.Is(unicode.Mn, r) && b.Len() > 0 && !hyphen:
			// A combining mark of a non-Latin script (Lao vowels and
			// tones) stays on its letter.
			b.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
	}
	return b.String()
}
