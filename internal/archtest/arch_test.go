// Package archtest checks the package graph that ARCHITECTURE.md draws:
// data flows one way, and the leaves import nothing of the project's.
package archtest

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/diachido/diachido/"

// allowed lists, for each package, the project's packages its non-test
// files may import. A package missing here fails the test: adding one
// means placing it in the flow, here and in ARCHITECTURE.md.
var allowed = map[string][]string{
	"cmd/diachido":         {"generator/cache", "generator/config", "generator/content", "generator/diag", "generator/history", "generator/importer", "generator/output", "generator/report", "generator/scaffold", "generator/serve", "generator/site"},
	"generator/report":     {"generator/config", "generator/content", "generator/diag", "generator/history"},
	"generator/serve":      {"generator/cache", "generator/diag", "generator/inputs", "generator/output", "generator/site"},
	"generator/site":       {"generator/cache", "generator/config", "generator/content", "generator/diag", "generator/history", "generator/i18n", "generator/inputs", "generator/markdown", "generator/media", "generator/output", "generator/placard", "generator/render", "generator/scaffold", "themes"},
	"generator/scaffold":   {"generator/content"},
	"generator/importer":   {"generator/content", "generator/diag", "generator/scaffold"},
	"generator/i18n":       {"generator/config", "generator/diag", "generator/yamlx"},
	"generator/content":    {"generator/diag", "generator/history", "generator/media", "generator/yamlx"},
	"generator/config":     {"generator/diag", "generator/yamlx"},
	"generator/markdown":   {"generator/content", "generator/media"},
	"generator/cache":      {},
	"generator/diag":       {},
	"generator/history":    {},
	"generator/inputs":     {},
	"generator/media":      {},
	"generator/output":     {},
	"generator/placard":    {},
	"generator/render":     {},
	"generator/yamlx":      {},
	"themes":               {},
	"internal/browsertest": {},
	"internal/e2e":         {},
	"internal/htmlsafe":    {},
	"internal/pdfcheck":    {},
	"internal/testsite":    {},
	"internal/archtest":    {},
	// scripts: programs run by hand, outside the build
	"scripts/exhibition-images": {},
}

func TestPackageGraph(t *testing.T) {
	root := filepath.Join("..", "..")
	seen := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		top := filepath.Dir(p) == root
		if d.IsDir() && p != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules" || (top && (name == "output" || name == "content"))) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		pkg := filepath.ToSlash(rel)
		seen[pkg] = true
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		ok, known := allowed[pkg]
		if !known {
			t.Errorf("%s: a package ARCHITECTURE.md does not place; add it to the flow and to allowed", pkg)
			return nil
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			dep, ours := strings.CutPrefix(path, module)
			if !ours {
				continue
			}
			if !contains(ok, dep) {
				t.Errorf("%s imports %s: against the one-way flow (allowed: %s)", filepath.ToSlash(p), dep, strings.Join(ok, ", "))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var gone []string
	for pkg := range allowed {
		if !seen[pkg] && pkg != "internal/archtest" && pkg != "internal/e2e" {
			gone = append(gone, pkg)
		}
	}
	sort.Strings(gone)
	if len(gone) > 0 {
		t.Errorf("allowed lists packages that do not exist: %v", gone)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
