// Command diachido builds a static, multilingual heritage guide with QR
// placards from a folder of Markdown and YAML.
//
// Exit status: 0 success, 1 content errors (each printed as path:line:
// message), 2 misuse (unknown command or flag, refused output folder).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

// version is set at link time (-ldflags "-X main.version=…").
var version = "dev"

const usage = `diachido turns a folder of Markdown/YAML entries (relic sites, border
markers, tours) into a static multilingual website with printable QR placards.

Usage:
  diachido <command> [flags]

Commands:
  build     build the site into a folder (default: output/)
  check     validate everything a build would, without writing
  placards  regenerate only the QR placards (PDF) of a built site
  new       start a new entry: new site|marker|tour|page "<title>"
  serve     preview the site on 127.0.0.1, rebuilt on every save
  import    turn a spreadsheet or GPS file into draft entries: import FILE…
  init      start a new guide repository in a new folder: init DIR
  report    scans per placard and month (from access logs), coverage of the guide
  version   print the version

Run "diachido <command> -h" for a command's flags.

Examples:
  diachido build
  diachido build -source ../my-guide -output public -base-url https://example.org/guide/
  diachido check -source ../my-guide

Exit status: 0 success, 1 content errors (printed as path:line: message),
2 misuse (unknown command or flag, refused output folder).
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return cmdBuild(args[1:], stdout, stderr)
	case "check":
		return cmdCheck(args[1:], stdout, stderr)
	case "placards":
		return cmdPlacards(args[1:], stdout, stderr)
	case "new":
		return cmdNew(args[1:], stdout, stderr)
	case "serve":
		return cmdServe(args[1:], stdout, stderr)
	case "import":
		return cmdImport(args[1:], stdout, stderr)
	case "init":
		return cmdInit(args[1:], stdout, stderr)
	case "report":
		return cmdReport(args[1:], stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "diachido", reportedVersion())
		return 0
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "diachido: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// newFlags makes a FlagSet whose -h prints the command's help with an
// example, and which reports errors instead of exiting.
func newFlags(name, synopsis, example string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: diachido %s [flags]\n\n%s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\nExample:\n  %s\n", example)
	}
	return fs
}

// parse parses flags; it returns -1 to go on, or an exit status.
func parse(fs *flag.FlagSet, args []string) int {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "diachido %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return 2
	}
	return -1
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func trimSlash(s string) string { return strings.TrimRight(s, "/") }

// reportedVersion is the version stamped at link time, or for a binary
// that `go install …@vX.Y.Z` built (which stamps none) the module version
// the go command recorded: what init pins a new guide's workflows to.
func reportedVersion() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}
