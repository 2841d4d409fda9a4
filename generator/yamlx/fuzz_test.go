package yamlx_test

import (
	"bytes"
	"testing"

	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/yamlx"
)

// FuzzDecodeFront decodes any text as an entry's front matter, the way
// content.Load does: Decode never panics (it recovers from yaml.v3's own
// panics), and every problem names a line of the text it was given, so an
// editor's message always points into the file.
func FuzzDecodeFront(f *testing.F) {
	f.Fuzz(func(t *testing.T, src []byte, off uint8) {
		offset := int(off % 8)
		var front content.Front
		node, problems := yamlx.Decode(src, &front, offset)
		lines := 1 + bytes.Count(src, []byte("\n"))
		for _, p := range problems {
			if p.Line < offset+1 || p.Line > offset+lines {
				t.Fatalf("problem %q at line %d, outside lines %d…%d", p.Message, p.Line, offset+1, offset+lines)
			}
			if p.Message == "" {
				t.Fatal("problem without a message")
			}
		}
		if node == nil && len(problems) == 0 {
			t.Fatal("text refused without a problem")
		}
		if node != nil {
			// Position look-ups on any tree are safe.
			_ = yamlx.Line(node, offset, "photos", "0", "src")
			_ = yamlx.Line(node, offset, "location", "lat")
		}
	})
}
