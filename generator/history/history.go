// Package history tells when each file of a site source last changed,
// from Git: what "this translation is older than the text it translates"
// is measured with when the source is a Git work tree.
//
// It asks Git three questions, once each, whatever the size of the site:
// where the folder lies in its repository (rev-parse), the last commit of
// every path (one log), and what is modified but not committed (status).
// Uncommitted changes count as changed now, so that an editor who has just
// changed the Vietnamese text is told about its English translation before
// committing. It uses only the standard library and the git command.
//
// A shallow clone (GitHub's actions/checkout fetches one commit unless
// told fetch-depth: 0) knows only its last commit: every file then looks
// changed at the same time, and nothing is reported stale. That is a
// missed warning, never a false one.
package history

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// History maps each path of a folder (slash paths relative to it) to the
// time of the last commit that changed it.
type History struct {
	changed map[string]change
	now     time.Time
	dir     string // the folder Load was given
	prefix  string // its path in the repository, "" or ending in "/"
}

// change is a path's last change: a commit, or "" when it is not
// committed yet.
type change struct {
	at     time.Time
	commit string
}

// ErrNotGit is returned by Load when the folder is not inside a Git work
// tree, or git is not installed: callers then fall back on other dates.
var ErrNotGit = errors.New("not a Git work tree")

// Load reads the history of dir. now is the time given to files changed
// but not committed (the zero value means the clock). It returns ErrNotGit
// when dir is not in a Git work tree or git is missing.
func Load(dir string, now time.Time) (*History, error) {
	if now.IsZero() {
		now = time.Now()
	}
	if _, err := exec.LookPath("git"); err != nil {
		return nil, ErrNotGit
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	prefixOut, err := git(ctx, dir, "rev-parse", "--is-inside-work-tree", "--show-prefix")
	if err != nil {
		return nil, ErrNotGit
	}
	lines := strings.Split(strings.TrimRight(string(prefixOut), "\n"), "\n")
	if len(lines) == 0 || lines[0] != "true" {
		return nil, ErrNotGit
	}
	prefix := ""
	if len(lines) > 1 {
		prefix = lines[1]
	}
	h := &History{changed: map[string]change{}, now: now, dir: dir, prefix: prefix}

	// One log, newest first: the first time a path shows is its last
	// change. --relative keeps only paths under dir, relative to it. A
	// repository without commits yet has no log: every file is then new.
	logOut, err := git(ctx, dir, "log", "--relative", "--no-renames", "--format=format:%x1e%ct %H", "--name-only", "--", ".")
	if err == nil {
		var at change
		for _, line := range strings.Split(string(logOut), "\n") {
			if head, ok := strings.CutPrefix(line, "\x1e"); ok {
				ts, commit, _ := strings.Cut(strings.TrimSpace(head), " ")
				sec, err := strconv.ParseInt(ts, 10, 64)
				if err != nil {
					return nil, fmt.Errorf("git log: unexpected line %q", line)
				}
				at = change{time.Unix(sec, 0).UTC(), commit}
				continue
			}
			if line == "" {
				continue
			}
			if _, seen := h.changed[line]; !seen {
				h.changed[line] = at
			}
		}
	}

	// Modified, added and untracked files: changed now. Porcelain paths
	// are relative to the repository's top, whatever -C says.
	statusOut, err := git(ctx, dir, "status", "--porcelain", "-z", "--untracked-files=all", "--", ".")
	if err != nil {
		return nil, fmt.Errorf("git status in %s: %w", dir, err)
	}
	fields := bytes.Split(statusOut, []byte{0})
	for i := 0; i < len(fields); i++ {
		f := string(fields[i])
		if len(f) < 4 {
			continue
		}
		code, p := f[:2], f[3:]
		if code[0] == 'R' || code[0] == 'C' {
			i++ // the original path follows a rename or copy
		}
		if code == "D " || code == " D" {
			continue
		}
		if rel, ok := strings.CutPrefix(p, prefix); ok {
			h.changed[rel] = change{at: now}
		}
	}
	return h, nil
}

// Changed returns when the file at path (slash, relative to the folder
// Load was given) last changed, and false when Git does not know it.
func (h *History) Changed(path string) (time.Time, bool) {
	if h == nil {
		return time.Time{}, false
	}
	c, ok := h.changed[path]
	return c.at, ok
}

// Commit returns the last commit that changed path, or "" when the file
// is changed and not committed, or unknown.
func (h *History) Commit(path string) string {
	if h == nil {
		return ""
	}
	return h.changed[path].commit
}

// FileAt returns the file at path (relative to the folder Load was given)
// as it was in commit: one git show.
func (h *History) FileAt(commit, path string) ([]byte, error) {
	if h == nil || commit == "" {
		return nil, ErrNotGit
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return git(ctx, h.dir, "show", commit+":"+h.prefix+path)
}

// Len is the number of paths the history knows.
func (h *History) Len() int {
	if h == nil {
		return 0
	}
	return len(h.changed)
}

func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	// core.quotePath=false: Vietnamese file names come out as they are,
	// not as octal escapes.
	full := append([]string{"-C", dir, "-c", "core.quotePath=false"}, args...)
	cmd := exec.CommandContext(ctx, "git", full...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
