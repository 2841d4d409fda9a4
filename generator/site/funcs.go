package site

import (
	"html/template"
	"strings"
)

// funcs are the template functions every theme may use.
func funcs() template.FuncMap {
	return template.FuncMap{
		// locale writes a language code as an Open Graph locale (vi_VN).
		"locale": func(code string) string {
			switch code {
			case "vi":
				return "vi_VN"
			case "en":
				return "en_US"
			case "lo":
				return "lo_LA"
			case "km":
				return "km_KH"
			case "zh":
				return "zh_CN"
			}
			return strings.ReplaceAll(code, "-", "_")
		},
		// langTargets maps language code → URL for the language picker.
		"langTargets": func(alts []Alt) map[string]string {
			out := map[string]string{}
			for _, a := range alts {
				out[a.Code] = a.URL
			}
			return out
		},
	}
}

// Rel returns the root-relative URL of an output path (theme files).
func (p *Page) Rel(path string) string { return p.m.urls.Rel(path) }
