package main

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"testing/fstest"

	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/generator/scaffold"
	"github.com/diachido/diachido/generator/site"
	"golang.org/x/text/language"
)

const initSynopsis = `Writes a new guide repository into DIR (a new or empty folder): site.yaml
from the flags, one draft example entry of each kind under content/, ids.lock,
a README for the editors, .gitignore, and the publishing workflows for GitHub
Pages (.github/workflows/pages.yml) and GitLab Pages (.gitlab-ci.yml). The
workflows install this diachido's version (go install …@VERSION) and keep
.cache/ between runs. Never writes into a folder that holds anything.`

// readBuildInfo is debug.ReadBuildInfo; tests replace it.
var readBuildInfo = debug.ReadBuildInfo

func cmdInit(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("init", initSynopsis, "", stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: diachido init DIR [flags]\n\n%s\n\nFlags:\n", initSynopsis)
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\nExample:\n  diachido init nhon-trach -title \"Địa chỉ đỏ Nhơn Trạch\" -org \"Huyện đoàn Nhơn Trạch\" -id-prefix NT -base-url https://doan-nhontrach.github.io/dia-chi-do/\n")
	}
	title := fs.String("title", "", "the guide's name (default: \"Địa chỉ đỏ\" in Vietnamese, \"Red Addresses\" in English)")
	org := fs.String("org", "", "the organisation, shown in the footer and on placards, e.g. \"Huyện đoàn Nhơn Trạch\"")
	baseURL := fs.String("base-url", "", "the address the guide will be published at (default: "+scaffold.PlaceholderBaseURL+", to change before printing placards)")
	langs := fs.String("languages", "vi,en", "language codes, comma-separated; the first is the default")
	prefix := fs.String("id-prefix", "DD", "the start of every entry's ID: DD gives DD-001, DD-002…")
	pin := fs.String("version", "", "the diachido version the workflows install (default: this binary's), e.g. v1.2.0")
	pos, code := parseInterleaved(fs, args)
	if code >= 0 {
		return code
	}
	misuse := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "diachido init: "+format+"\n", a...)
		return 2
	}
	if len(pos) != 1 {
		return misuse("say which folder to create the guide in, once: diachido init my-guide")
	}
	dir := pos[0]

	g := scaffold.Guide{Title: scaffold.CleanTitle(*title), Organization: scaffold.CleanTitle(*org), Today: now()}
	var err error
	if g.Languages, err = parseLanguages(*langs); err != nil {
		return misuse("-languages %q: %v", *langs, err)
	}
	g.IDPrefix = strings.ToUpper(strings.TrimSpace(*prefix))
	if !idPrefixRe.MatchString(g.IDPrefix) {
		return misuse("-id-prefix %q must be 1 to 10 letters A-Z or digits, e.g. NT for Nhơn Trạch (IDs are then NT-001, NT-002…)", *prefix)
	}
	if *baseURL != "" {
		u, err := url.Parse(*baseURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return misuse("-base-url %q must be an absolute http(s) address such as https://user.github.io/guide/", *baseURL)
		}
		g.BaseURL = strings.TrimRight(*baseURL, "/") + "/"
	}
	if g.Version, err = pinnedVersion(*pin); err != nil {
		return misuse("%v", err)
	}
	g.GoVersion = goMinor(runtime.Version())

	if msg := refuseFolder(dir); msg != "" {
		return misuse("%s", msg)
	}

	// A language the default theme has no interface strings for works as
	// another language (its pages show the default language's), never as
	// the default: there would be nothing to fall back to.
	g.Untranslated = untranslated(g.Languages)
	if len(g.Untranslated) > 0 && g.Untranslated[0] == g.Languages[0] {
		l := g.Languages[0]
		return misuse("-languages %q: %s cannot be the first (default) language yet: the default theme has no interface strings (menus, buttons) in %s, so its pages would have none. Put vi or en first, e.g. -languages vi,%s: the %s pages then show the Vietnamese ones until someone translates them in i18n/%s.yaml",
			*langs, l, l, l, l, l)
	}

	files, err := scaffold.RenderGuide(g)
	if err != nil {
		return misuse("%v", err)
	}
	// The new guide must build, drafts and all: check it in memory before
	// anything is written.
	var diags diag.List
	if err := checkGuide(files, &diags); err != nil || diags.HasErrors() {
		report(stderr, &diags)
		fmt.Fprintf(stderr, "diachido init: the new guide does not build (%v): this is a bug in diachido, nothing was written\n", err)
		return 1
	}

	if err := writeGuide(dir, files); err != nil {
		fmt.Fprintf(stderr, "diachido init: %v (nothing was left in %s)\n", err, dir)
		return 1
	}

	fmt.Fprintf(stdout, "created a guide in %s (its workflows install diachido %s):\n", dir, g.Version)
	for _, f := range files {
		fmt.Fprintf(stdout, "  %s\n", f.Path)
	}
	for _, l := range g.Untranslated {
		fmt.Fprintf(stdout, "\nnote: the default theme has no interface strings in %s yet: the %s pages show the %s menus and buttons until someone translates them in i18n/%s.yaml.\n", l, l, g.Languages[0], l)
	}
	fmt.Fprintf(stdout, "\nNext steps:\n")
	fmt.Fprintf(stdout, "  1. cd %s && diachido serve      preview, the draft examples included\n", dir)
	if g.BaseURL == "" {
		fmt.Fprintf(stdout, "  2. put the guide's address in site.yaml as baseURL (now %s) before printing any placard\n", scaffold.PlaceholderBaseURL)
	} else {
		fmt.Fprintf(stdout, "  2. check baseURL in site.yaml (%s): printed placards point there\n", g.BaseURL)
	}
	fmt.Fprintf(stdout, "  3. git init, commit, push to GitHub or GitLab, and turn on Pages (%s says how)\n", filepath.Join(dir, "README.md"))
	return 0
}

var idPrefixRe = regexp.MustCompile(`^[A-Z0-9]{1,10}$`)

// langCodeRe is site.yaml's form of a language code (package config).
var langCodeRe = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

func parseLanguages(s string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, c := range strings.Split(s, ",") {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		if !langCodeRe.MatchString(c) {
			return nil, fmt.Errorf("%q is not a lowercase language code like vi, en or lo", c)
		}
		if _, err := language.Parse(c); err != nil {
			return nil, fmt.Errorf("%q is not a known language code", c)
		}
		if seen[c] {
			return nil, fmt.Errorf("%s is listed twice", c)
		}
		seen[c] = true
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("name at least one language, the default first, e.g. -languages vi,en")
	}
	return out, nil
}

var (
	// releaseRe is a module version: vMAJOR.MINOR.PATCH, with an optional
	// pre-release (v1.2.0-rc.1, or a pseudo-version
	// v0.0.0-20261201103000-224d3da1234a), without build metadata.
	releaseRe = regexp.MustCompile(`^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`)
	// describeRe is what git describe adds after a tag: commits since it,
	// and the commit (v1.2.0-3-g1a2b3c4): not a version anyone can install.
	describeRe = regexp.MustCompile(`-[0-9]+-g[0-9a-f]{7,}(-dirty)?$|-dirty$`)
)

// pinnedVersion is the diachido version the new guide's workflows
// install. In order:
//
//   - -version, when given;
//   - main.version when it is a release (make binary at a tag: v1.2.0);
//   - the module version in the binary's build information when the
//     binary was built from a module the go command downloaded (go install
//     …@v1.2.0, or @<commit>: its pseudo-version): a sum is recorded only
//     then, so the version exists on the module proxy.
//
// Anything else is a development build (version "dev", a commit, or a
// version the go command stamped from a local checkout, which may name a
// commit nobody else has) and is refused: a workflow pinned to it would
// fail at its first run, far from the cause. A workflow is never given
// @latest either: the published guide would then change with every
// diachido release, without a commit saying so.
func pinnedVersion(flagVersion string) (string, error) {
	if flagVersion != "" {
		if !releaseRe.MatchString(flagVersion) || describeRe.MatchString(flagVersion) {
			return "", fmt.Errorf("-version %q is not a diachido release such as v1.2.0 (see https://%s/tags)", flagVersion, scaffold.Module)
		}
		return flagVersion, nil
	}
	if releaseRe.MatchString(version) && !describeRe.MatchString(version) {
		return version, nil
	}
	if bi, ok := readBuildInfo(); ok && bi.Main.Path == scaffold.Module && bi.Main.Sum != "" && releaseRe.MatchString(bi.Main.Version) {
		return bi.Main.Version, nil
	}
	return "", fmt.Errorf("this diachido is a development build (version %q), so there is no released version for the new guide's workflows to install.\n"+
		"Pass the release they should install, e.g. -version v1.2.0 (see https://%s/tags),\n"+
		"or run init with a released diachido: %s", version, scaffold.Module, scaffold.InstallCommand("latest"))
}

// goMinor turns runtime.Version() ("go1.26.8") into the release the
// workflows set up ("1.26"); a development toolchain gives "stable".
func goMinor(v string) string {
	if m := regexp.MustCompile(`^go([0-9]+\.[0-9]+)`).FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return "stable"
}

// refuseFolder says why dir cannot take a new guide, or "". A folder
// holding only .git (a fresh clone of a new, empty repository) is empty.
func refuseFolder(dir string) string {
	info, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return ""
	}
	if err != nil {
		return err.Error()
	}
	if !info.IsDir() {
		return fmt.Sprintf("%s is a file, not a folder: choose a new folder name, e.g. diachido init my-guide", dir)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err.Error()
	}
	var names []string
	for _, e := range entries {
		if e.Name() != ".git" {
			names = append(names, e.Name())
		}
	}
	if len(names) == 0 {
		return ""
	}
	sort.Strings(names)
	more := ""
	if len(names) > 3 {
		more = fmt.Sprintf(" and %d more", len(names)-3)
		names = names[:3]
	}
	return fmt.Sprintf("%s is not empty (it holds %s%s): init writes a new guide only into a new or empty folder, so that nothing in it is overwritten. Choose a new folder name, e.g. diachido init my-guide (nothing was changed)",
		dir, strings.Join(names, ", "), more)
}

// checkGuide loads and renders the new guide in memory, drafts included,
// as `diachido build -drafts` would.
func checkGuide(files []scaffold.File, diags *diag.List) error {
	fsys := fstest.MapFS{}
	for _, f := range files {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	m := site.Load(fsys, site.LoadOptions{Drafts: true}, diags)
	if m == nil || diags.HasErrors() {
		return site.ErrContent
	}
	_, err := m.Render(output.Discard{})
	if err != nil {
		if rest := diags.Collect(err); rest != nil {
			return rest
		}
		return site.ErrContent
	}
	return nil
}

// untranslated returns the languages of langs (in their order) that the
// default theme lacks interface strings for. It asks the build: a site of
// vi and the others warns about each language missing strings that vi has
// (vi is the theme's reference language).
func untranslated(langs []string) []string {
	var b strings.Builder
	b.WriteString("baseURL: https://example.org/\nlanguages:\n  - {code: vi, title: x}\n")
	for _, l := range langs {
		if l != "vi" {
			fmt.Fprintf(&b, "  - {code: %s, title: x}\n", l)
		}
	}
	var diags diag.List
	site.Load(fstest.MapFS{"site.yaml": {Data: []byte(b.String())}}, site.LoadOptions{NoPlacards: true}, &diags)
	lacking := map[string]bool{}
	for _, d := range diags.Warnings() {
		if l, ok := strings.CutPrefix(d.Pos.File, "i18n/"); ok {
			lacking[strings.TrimSuffix(l, ".yaml")] = true
		}
	}
	var out []string
	for _, l := range langs {
		if lacking[l] {
			out = append(out, l)
		}
	}
	return out
}

// writeGuide writes files under dir, which is new or empty. Each file is
// created exclusively, so nothing there is ever overwritten; on a failure
// everything written is removed again.
func writeGuide(dir string, files []scaffold.File) (err error) {
	var made []string // files and folders created, in order
	defer func() {
		if err != nil {
			for i := len(made) - 1; i >= 0; i-- {
				_ = os.Remove(made[i])
			}
		}
	}()
	mkdir := func(p string) error { return mkdirAll(p, &made) }
	if err := mkdir(dir); err != nil {
		return err
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := mkdir(filepath.Dir(p)); err != nil {
			return err
		}
		fh, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		made = append(made, p)
		_, err = fh.Write(f.Data)
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// mkdirAll creates p and any missing parents, recording each it created.
func mkdirAll(p string, made *[]string) error {
	if _, err := os.Stat(p); err == nil {
		return nil
	}
	if parent := filepath.Dir(p); parent != p {
		if err := mkdirAll(parent, made); err != nil {
			return err
		}
	}
	if err := os.Mkdir(p, 0o755); err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil
		}
		return err
	}
	*made = append(*made, p)
	return nil
}
