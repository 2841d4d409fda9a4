package history_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/diachido/diachido/generator/history"
	"github.com/diachido/diachido/internal/browsertest"
)

// gitAt runs git in dir with the commit dated at.
func gitAt(t *testing.T, dir string, at time.Time, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	date := at.Format(time.RFC3339)
	cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t",
		"GIT_COMMITTER_EMAIL=t@example.org", "GIT_AUTHOR_DATE="+date, "GIT_COMMITTER_DATE="+date, "GIT_CONFIG_GLOBAL=/dev/null")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
}

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The site source is a sub-folder of the repository, as in a monorepo:
// paths come back relative to it, each with its last commit's time, and
// a file changed since the last commit counts as changed now.
func TestLastChangeOfEachFile(t *testing.T) {
	browsertest.Need(t, "git", "git")
	repo := t.TempDir()
	t1 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	t2 := time.Date(2026, 10, 2, 9, 0, 0, 0, time.UTC)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	gitAt(t, repo, t1, "init", "-q")
	write(t, repo, "guide/content/sites/đình/index.vi.md", "a")
	write(t, repo, "guide/content/sites/đình/index.en.md", "a")
	write(t, repo, "other/x.md", "a")
	gitAt(t, repo, t1, "add", ".")
	gitAt(t, repo, t1, "commit", "-q", "-m", "one")
	write(t, repo, "guide/content/sites/đình/index.vi.md", "b")
	gitAt(t, repo, t2, "commit", "-q", "-am", "two")
	write(t, repo, "guide/site.yaml", "new")
	write(t, repo, "guide/content/sites/đình/index.en.md", "changed, not committed")

	h, err := history.Load(filepath.Join(repo, "guide"), now)
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]time.Time{
		"content/sites/đình/index.vi.md": t2,
		"content/sites/đình/index.en.md": now,
		"site.yaml":                      now,
	} {
		got, ok := h.Changed(path)
		if !ok || !got.Equal(want) {
			t.Errorf("Changed(%s) = %v, %v; want %v", path, got, ok, want)
		}
	}
	if _, ok := h.Changed("../other/x.md"); ok {
		t.Error("a path outside the folder is known")
	}
	if _, ok := h.Changed("other/x.md"); ok {
		t.Error("a path outside the folder is known")
	}
}

func TestNotAGitWorkTree(t *testing.T) {
	browsertest.Need(t, "git", "git")
	if _, err := history.Load(t.TempDir(), time.Time{}); err != history.ErrNotGit {
		t.Errorf("Load of a plain folder: %v, want ErrNotGit", err)
	}
	var h *history.History
	if _, ok := h.Changed("x"); ok {
		t.Error("a nil history knows a path")
	}
}
