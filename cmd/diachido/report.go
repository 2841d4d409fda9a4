package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/diachido/diachido/generator/diag"
)

// report prints diagnostics, one per line, sorted: "path:line: message".
// Under GITHUB_ACTIONS=true it also prints workflow commands, so that each
// problem shows on its line of the file in a pull request.
func report(w io.Writer, diags *diag.List) {
	for _, d := range diags.Items() {
		fmt.Fprintln(w, d.String())
	}
	if os.Getenv("GITHUB_ACTIONS") == "true" {
		annotate(w, diags)
	}
}

// annotate writes GitHub Actions annotations (::error file=…,line=…::msg).
func annotate(w io.Writer, diags *diag.List) {
	for _, d := range diags.Items() {
		kind := "error"
		if d.Severity == diag.Warning {
			kind = "warning"
		}
		var props []string
		if d.Pos.File != "" {
			props = append(props, "file="+escapeProperty(d.Pos.File))
		}
		if d.Pos.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", d.Pos.Line))
		}
		sep := " "
		if len(props) == 0 {
			sep = ""
		}
		fmt.Fprintf(w, "::%s%s%s::%s\n", kind, sep, strings.Join(props, ","), escapeData(d.Message))
	}
}

// escapeData and escapeProperty follow GitHub's workflow-command encoding.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// jsonDiag is one diagnostic in `check -format json`.
type jsonDiag struct {
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// reportJSON writes {"errors": n, "warnings": n, "diagnostics": [...]} for tools.
func reportJSON(w io.Writer, diags *diag.List) {
	out := struct {
		Errors      int        `json:"errors"`
		Warnings    int        `json:"warnings"`
		Diagnostics []jsonDiag `json:"diagnostics"`
	}{diags.Count(diag.Error), diags.Count(diag.Warning), []jsonDiag{}}
	for _, d := range diags.Items() {
		out.Diagnostics = append(out.Diagnostics, jsonDiag{d.Pos.File, d.Pos.Line, d.Severity.String(), d.Message})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
}
