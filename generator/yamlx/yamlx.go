// Package yamlx decodes YAML strictly and keeps line numbers, so that every
// mistake in site.yaml or in front matter can be reported as "path:line".
//
// yaml.v3 gives positions only on its Node tree and only relative to the text
// it was handed; front matter starts a line or more into its file, so callers
// pass that offset and get file lines back.
package yamlx

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// Problem is one decoding problem with its line in the decoded text
// (already shifted by the offset given to Decode).
type Problem struct {
	Line    int
	Message string
}

// Decode parses src strictly into out (unknown keys are problems) and returns
// the node tree for position look-ups. lineOffset is added to every line.
// A nil node means src did not parse at all.
func Decode(src []byte, out any, lineOffset int) (node *yaml.Node, problems []Problem) {
	defer func() {
		// yaml.v3 has panicked on pathological input before; a volunteer's
		// typo must never crash the build.
		if r := recover(); r != nil {
			node = nil
			problems = []Problem{{Line: lineOffset + 1, Message: fmt.Sprintf("cannot read YAML: %v", r)}}
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, clampLines(convertSyntax(err, lineOffset), src, lineOffset)
	}
	if len(doc.Content) == 0 {
		// Nothing but blank lines and comments: no field is set (the
		// strict decoder would say only "EOF").
		return &doc, nil
	}
	if needsStrict(&doc) {
		// Aliases and merge keys ("<<: *base") take fields from elsewhere
		// in the text, and a key set twice stops yaml.v3 from checking the
		// others: let its own strict decoder handle these rare mistakes.
		return &doc, strictDecode(src, out, lineOffset)
	}
	// Decode the tree already parsed instead of parsing the text a second
	// time with a strict decoder (the strict parse was a third of loading
	// a large site): the unknown keys that KnownFields would report are
	// found by walking the tree, in yaml.v3's own words.
	var msgs []string
	if root := &doc; len(root.Content) > 0 {
		unknownFields(root.Content[0], reflect.TypeOf(out), &msgs)
	}
	if err := doc.Decode(out); err != nil {
		var te *yaml.TypeError
		if !errors.As(err, &te) {
			return &doc, clampLines(convert(err, lineOffset), src, lineOffset)
		}
		msgs = append(msgs, te.Errors...)
	}
	if len(msgs) > 0 {
		problems = clampLines(convert(&yaml.TypeError{Errors: msgs}, lineOffset), src, lineOffset)
	}
	return &doc, problems
}

// hasAlias reports whether the tree uses an alias or a merge key anywhere,
// or sets a key twice in one mapping.
func needsStrict(n *yaml.Node) bool {
	if n.Kind == yaml.AliasNode || n.Kind == yaml.ScalarNode && n.Value == "<<" {
		return true
	}
	if n.Kind == yaml.MappingNode && len(n.Content) > 2 {
		seen := make(map[string]bool, len(n.Content)/2)
		for i := 0; i < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return true // a list or mapping as a key: rare enough
			}
			if seen[k.Value] {
				return true
			}
			seen[k.Value] = true
		}
	}
	for _, c := range n.Content {
		if needsStrict(c) {
			return true
		}
	}
	return false
}

var unmarshalerType = reflect.TypeOf((*yaml.Unmarshaler)(nil)).Elem()

// unknownFields appends, as yaml.v3's KnownFields decoder words them
// ("line 3: field categry not found in type content.Front"), the keys of
// every mapping under n that would be decoded into a struct of type t but
// name none of its fields.
func unknownFields(n *yaml.Node, t reflect.Type, msgs *[]string) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return // it decodes itself
	}
	switch t.Kind() {
	case reflect.Struct:
		if n.Kind != yaml.MappingNode {
			return
		}
		fields, anyKey := structFields(t)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!null" {
				continue // yaml.v3 decodes nothing from a null key
			}
			if ft, ok := fields[k.Value]; ok {
				unknownFields(v, ft, msgs)
			} else if !anyKey {
				*msgs = append(*msgs, fmt.Sprintf("line %d: field %s not found in type %s", k.Line, k.Value, t.String()))
			}
		}
	case reflect.Slice, reflect.Array:
		if n.Kind == yaml.SequenceNode {
			for _, c := range n.Content {
				unknownFields(c, t.Elem(), msgs)
			}
		}
	case reflect.Map:
		if n.Kind == yaml.MappingNode {
			for i := 1; i < len(n.Content); i += 2 {
				unknownFields(n.Content[i], t.Elem(), msgs)
			}
		}
	}
}

var fieldCache sync.Map // reflect.Type → structInfo

type structInfo struct {
	fields map[string]reflect.Type
	anyKey bool // an inline map takes any key
}

// structFields returns the keys yaml.v3 decodes into a struct type: the
// tag's name, or the lowercased field name; inline structs' fields too.
func structFields(t reflect.Type) (map[string]reflect.Type, bool) {
	if si, ok := fieldCache.Load(t); ok {
		return si.(structInfo).fields, si.(structInfo).anyKey
	}
	si := structInfo{fields: map[string]reflect.Type{}}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.PkgPath != "" && !f.Anonymous {
			continue
		}
		tag := f.Tag.Get("yaml")
		if tag == "" && !strings.Contains(string(f.Tag), ":") {
			tag = string(f.Tag)
		}
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if strings.Contains(","+opts+",", ",inline,") {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			switch ft.Kind() {
			case reflect.Map:
				si.anyKey = true
			case reflect.Struct:
				inner, anyKey := structFields(ft)
				for k, v := range inner {
					si.fields[k] = v
				}
				si.anyKey = si.anyKey || anyKey
			}
			continue
		}
		if f.PkgPath != "" {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		si.fields[name] = f.Type
	}
	fieldCache.Store(t, si)
	return si.fields, si.anyKey
}

// decodeStrict is the reference Decode: the text parsed into a tree, then
// again by yaml.v3's strict decoder. Tests compare Decode with it.
func decodeStrict(src []byte, out any, lineOffset int) (node *yaml.Node, problems []Problem) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, clampLines(convertSyntax(err, lineOffset), src, lineOffset)
	}
	if len(doc.Content) == 0 {
		return &doc, nil
	}
	return &doc, strictDecode(src, out, lineOffset)
}

// strictDecode decodes src into out with yaml.v3's own strict decoder (a
// second parse, unknown keys refused).
func strictDecode(src []byte, out any, lineOffset int) []Problem {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	if err := dec.Decode(out); err != nil {
		return clampLines(convert(err, lineOffset), src, lineOffset)
	}
	return nil
}

// clampLines keeps every problem inside the text: yaml.v3 gives no line
// for some errors (excessive aliasing, bad !!binary) and one past the end
// for others (a block left open on the last line), and a message must
// always point at a line the editor can find.
func clampLines(ps []Problem, src []byte, off int) []Problem {
	last := off + 1 + bytes.Count(src, []byte("\n"))
	for i := range ps {
		if ps[i].Line < off+1 {
			ps[i].Line = off + 1
		}
		if ps[i].Line > last {
			ps[i].Line = last
		}
	}
	return ps
}

var (
	lineRe   = regexp.MustCompile(`^(?:yaml: )?line (\d+): (.*)$`)
	typeRe   = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (.+)$")
	fieldRe  = regexp.MustCompile(`^field (\S+) not found in type (\S+)$`)
	alreadyR = regexp.MustCompile(`^mapping key "(.*)" already defined at line (\d+)$`)
)

// parserErrors are yaml.v3's parser (not scanner) messages. For them it
// reports a 0-based line (the line where the unclosed list or mapping
// began), and none at all for the first line; scanner errors are 1-based.
var parserErrors = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'",
	"did not find expected '-' indicator", "did not find expected <document start>",
	"did not find expected key", "did not find expected node content",
	"found duplicate %TAG directive", "found duplicate %YAML directive",
	"found incompatible YAML document", "found undefined tag handle",
}

func convertSyntax(err error, off int) []Problem {
	out := convert(err, off)
	for i := range out {
		isParser := false
		for _, m := range parserErrors {
			if strings.HasSuffix(out[i].Message, m) {
				isParser = true
			}
		}
		switch {
		case out[i].Line == off: // no line given: the first line
			out[i].Line = off + 1
		case isParser:
			out[i].Line++
		}
		out[i].Message = "YAML syntax: " + out[i].Message + syntaxHint(out[i].Message)
	}
	return out
}

// syntaxHint adds what usually causes a message, in editors' words.
func syntaxHint(m string) string {
	switch {
	case strings.Contains(m, "did not find expected ',' or ']'"):
		return " (a list opened with [ is not closed with ])"
	case strings.Contains(m, "did not find expected ',' or '}'"):
		return " (a { is not closed with })"
	case strings.Contains(m, "mapping values are not allowed"):
		return " (a value contains \": \"; put the whole value in quotes)"
	case strings.Contains(m, "tab character"):
		return " (indent with spaces, not tabs)"
	case strings.Contains(m, "found unexpected end of stream"):
		return " (a quote is not closed)"
	case strings.Contains(m, "did not find expected key"):
		return " (check the indentation of this line and the one before)"
	}
	return ""
}

func convert(err error, off int) []Problem {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var out []Problem
	for _, m := range msgs {
		line := 0
		if sm := lineRe.FindStringSubmatch(m); sm != nil {
			line, _ = strconv.Atoi(sm[1])
			m = sm[2]
		}
		m = strings.TrimPrefix(m, "yaml: ")
		out = append(out, Problem{Line: line + off, Message: friendly(m, off)})
	}
	return out
}

// friendly rewrites yaml.v3's Go-flavoured messages into words an editor
// understands ("expected a number" rather than "into float64").
func friendly(m string, off int) string {
	if sm := fieldRe.FindStringSubmatch(m); sm != nil {
		return fmt.Sprintf("unknown field %q (check its spelling)", sm[1])
	}
	if sm := alreadyR.FindStringSubmatch(m); sm != nil {
		l, _ := strconv.Atoi(sm[2])
		return fmt.Sprintf("field %q is set twice (first at line %d)", sm[1], l+off)
	}
	if sm := typeRe.FindStringSubmatch(m); sm != nil {
		got := sm[2]
		want := sm[3]
		var w string
		switch {
		case strings.Contains(want, "float"), strings.Contains(want, "int"):
			w = "a number"
		case want == "bool":
			w = "true or false"
		case strings.HasPrefix(want, "[]"):
			w = "a list"
		case strings.HasPrefix(want, "map"), strings.Contains(want, "."):
			w = "a mapping (key: value lines)"
		case want == "string":
			w = "text"
		default:
			w = want
		}
		switch sm[1] {
		case "seq":
			got = "a list"
		case "map":
			got = "a mapping"
		default:
			got = strconv.Quote(got)
		}
		return fmt.Sprintf("expected %s, got %s", w, got)
	}
	return m
}

// Lookup follows keys (mapping keys, or decimal indices into sequences) from
// the document root and returns the node found, or nil.
func Lookup(n *yaml.Node, path ...string) *yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		n = n.Content[0]
	}
	for _, p := range path {
		switch n.Kind {
		case yaml.MappingNode:
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == p {
					next = n.Content[i+1]
				}
			}
			if next == nil {
				return nil
			}
			n = next
		case yaml.SequenceNode:
			i, err := strconv.Atoi(p)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil
			}
			n = n.Content[i]
		default:
			return nil
		}
	}
	return n
}

// Line returns the line of the node at path plus lineOffset, or 0 when the
// path does not exist.
func Line(n *yaml.Node, lineOffset int, path ...string) int {
	if v := Lookup(n, path...); v != nil {
		return v.Line + lineOffset
	}
	return 0
}

// Has reports whether the mapping at the root has the key.
func Has(n *yaml.Node, key string) bool { return Lookup(n, key) != nil }
