package serve

import (
	"bytes"
	"path"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// formKeys are the front-matter fields the editor's form shows: when the
// editor saves a default-language file without one of them, the editor's
// user cleared it. Other fields (aliases, placard, params...) the form
// does not show, and they are kept.
var formKeys = map[string]bool{
	"id": true, "title": true, "summary": true, "location": true, "address": true,
	"province": true, "district": true, "category": true, "rank": true, "recognized": true,
	"marker": true, "photos": true, "videos": true, "audio": true, "sources": true,
	"tags": true, "updated": true, "draft": true, "stops": true, "weight": true,
}

// isTranslation says whether an entry file is in another language than
// the site's default (index.en.md when vi is the default).
func (s *Server) isTranslation(p string) bool {
	base := path.Base(p)
	lang := strings.TrimSuffix(strings.TrimPrefix(base, "index."), ".md")
	if lang == base || lang == "md" || !strings.HasPrefix(base, "index.") {
		return false
	}
	st := s.state.Load()
	if st.site == nil || st.site.model == nil {
		return false
	}
	return lang != st.site.model.Config.Default().Code
}

// splitFront splits an entry file into its front matter and body; ok is
// false when it has none.
func splitFront(b []byte) (front, body []byte, ok bool) {
	if !bytes.HasPrefix(b, []byte("---\n")) {
		return nil, b, false
	}
	rest := b[4:]
	if bytes.HasPrefix(rest, []byte("---\n")) {
		return nil, rest[4:], true
	}
	i := bytes.Index(rest, []byte("\n---\n"))
	if i < 0 {
		if bytes.HasSuffix(rest, []byte("\n---")) {
			return rest[:len(rest)-3], nil, true
		}
		return nil, b, false
	}
	return rest[:i+1], rest[i+5:], true
}

// mergeFront writes the editor's new file over the old one keeping what
// the editor's YAML writer would lose: the old file's comments, key order
// and styles (location: {lat, lng} stays on one line), for every value
// the editor did not change. The body is the editor's. When either file
// cannot be read as front matter, the editor's file is taken as it is.
func mergeFront(old, edited []byte, translation bool) []byte {
	oldFront, _, ok1 := splitFront(old)
	newFront, newBody, ok2 := splitFront(edited)
	if !ok1 || !ok2 {
		return edited
	}
	var o, n yaml.Node
	if yaml.Unmarshal(oldFront, &o) != nil || yaml.Unmarshal(newFront, &n) != nil ||
		len(o.Content) != 1 || o.Content[0].Kind != yaml.MappingNode {
		return edited
	}
	if len(n.Content) == 0 {
		n.Content = []*yaml.Node{{Kind: yaml.MappingNode, Tag: "!!map"}}
	}
	if n.Content[0].Kind != yaml.MappingNode {
		return edited
	}
	mergeMap(o.Content[0], n.Content[0], true, translation)
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if enc.Encode(&o) != nil || enc.Close() != nil {
		return edited
	}
	b.WriteString("---\n")
	b.Write(newBody)
	return b.Bytes()
}

// mergeMap changes old in place into new: values equal to the old ones
// keep their old nodes, changed ones take the new node in the old style,
// new keys go at the end, and keys the editor dropped go (top level: only
// the form's own fields of a default-language file).
func mergeMap(old, new *yaml.Node, top, translation bool) {
	newAt := map[string]*yaml.Node{}
	for i := 0; i+1 < len(new.Content); i += 2 {
		newAt[new.Content[i].Value] = new.Content[i+1]
	}
	var kept []*yaml.Node
	seen := map[string]bool{}
	for i := 0; i+1 < len(old.Content); i += 2 {
		k, v := old.Content[i], old.Content[i+1]
		nv, ok := newAt[k.Value]
		if !ok {
			if top && (translation || !formKeys[k.Value]) {
				kept = append(kept, k, v)
			}
			continue
		}
		seen[k.Value] = true
		kept = append(kept, k, mergeValue(v, nv, translation))
	}
	for i := 0; i+1 < len(new.Content); i += 2 {
		if !seen[new.Content[i].Value] {
			kept = append(kept, new.Content[i], new.Content[i+1])
		}
	}
	old.Content = kept
}

func mergeValue(old, new *yaml.Node, translation bool) *yaml.Node {
	if sameValue(old, new) {
		return old
	}
	if old.Kind == yaml.MappingNode && new.Kind == yaml.MappingNode {
		mergeMap(old, new, false, translation)
		return old
	}
	if old.Kind == new.Kind && (old.Kind == yaml.MappingNode || old.Kind == yaml.SequenceNode) {
		new.Style = old.Style & yaml.FlowStyle
	}
	if old.Kind == yaml.SequenceNode && new.Kind == yaml.SequenceNode {
		// Items the editor left as they were keep their comments.
		for i := range new.Content {
			if i < len(old.Content) && sameValue(old.Content[i], new.Content[i]) {
				new.Content[i] = old.Content[i]
			} else if i < len(old.Content) && old.Content[i].Kind == yaml.MappingNode && new.Content[i].Kind == yaml.MappingNode {
				mergeMap(old.Content[i], new.Content[i], false, translation)
				new.Content[i] = old.Content[i]
			}
		}
	}
	new.HeadComment, new.LineComment, new.FootComment = old.HeadComment, old.LineComment, old.FootComment
	return new
}

// sameValue says whether two nodes hold the same data: the same scalar
// text (2026-11-25 and "2026-11-25" are one date to the content loader),
// or the same decoded value.
func sameValue(a, b *yaml.Node) bool {
	if a.Kind == yaml.ScalarNode && b.Kind == yaml.ScalarNode && a.Value == b.Value {
		return true
	}
	var x, y any
	if a.Decode(&x) != nil || b.Decode(&y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}
