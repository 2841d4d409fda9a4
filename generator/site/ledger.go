package site

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/diachido/diachido/generator/config"
	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
)

// LedgerFile is the printed-ID ledger at the root of a site source. It is
// committed with the content: every ID ever published, with the page it
// opened. A placard printed last year carries one of these IDs, so each
// must keep resolving for as long as the placard hangs on its wall.
const LedgerFile = "ids.lock"

const ledgerHeader = `# diachido printed-ID ledger: every ID ever published, and its page.
# "diachido build" adds new IDs and follows renamed folders. Never delete a
# line: a placard on a wall may carry the ID. To retire an ID, map it in
# site.yaml under retired: to the ID that replaces it, or to a notice.
`

// idLedger is the parsed ids.lock: ID → page path ("sites/dinh-phu-my").
type idLedger struct {
	Pages map[string]string
	Lines map[string]int
}

func loadLedger(src fs.FS, diags *diag.List) *idLedger {
	l := &idLedger{Pages: map[string]string{}, Lines: map[string]int{}}
	b, err := fs.ReadFile(src, LedgerFile)
	if errors.Is(err, fs.ErrNotExist) {
		return l
	}
	if err != nil {
		diags.Errorf(diag.Position{File: LedgerFile}, "cannot read: %v", err)
		return l
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 || !content.IDRe.MatchString(f[0]) {
			diags.Errorf(diag.Position{File: LedgerFile, Line: n}, "expected an ID and a page path, like NT-001 sites/dia-dao-nhon-trach")
			continue
		}
		if first, dup := l.Lines[f[0]]; dup {
			diags.Errorf(diag.Position{File: LedgerFile, Line: n}, "ID %s is listed twice (first at line %d)", f[0], first)
			continue
		}
		l.Pages[f[0]] = f[1]
		l.Lines[f[0]] = n
	}
	return l
}

// checkLedger makes sure every published ID still opens something: its
// entry, or what site.yaml says replaced it.
func (m *Model) checkLedger(diags *diag.List) {
	cfg := m.Config
	ids := make([]string, 0, len(m.ledger.Pages))
	for id := range m.ledger.Pages {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if _, ok := m.Content.ByID[id]; ok {
			continue
		}
		if _, ok := cfg.Retired[id]; ok {
			continue
		}
		at := diag.Position{File: LedgerFile, Line: m.ledger.Lines[id]}
		switch {
		case m.Content.Broken[id] != "":
			// its file's own error is reported
		case m.Content.Drafts[id] != "":
			diags.Errorf(at, "ID %s was published (%s) but %s is a draft now: printed placards would break; publish it, or retire the ID in site.yaml", id, m.ledger.Pages[id], m.Content.Drafts[id])
		default:
			diags.Errorf(at, "ID %s was published (%s) but no entry has it now: printed placards would break. Restore the entry, or retire the ID in site.yaml:\n  retired:\n    %s: {replacedBy: NEW-ID}   # or notice: {vi: \"…\"}", id, m.ledger.Pages[id], id)
		}
	}
	for id, r := range cfg.Retired {
		line := cfg.Line("retired", id)
		at := diag.Position{File: config.FileName, Line: line}
		if _, live := m.Content.ByID[id]; live {
			diags.Errorf(at, "ID %s is retired but an entry still has it: remove it from retired:, or give the entry a new ID", id)
		}
		if r.ReplacedBy != "" {
			if _, ok := m.Content.ByID[r.ReplacedBy]; !ok {
				diags.Errorf(diag.Position{File: config.FileName, Line: lineOr(cfg.Line("retired", id, "replacedBy"), line)}, "retired ID %s is replaced by %s, but no entry has that ID", id, r.ReplacedBy)
			}
		}
	}
}

func lineOr(a, b int) int {
	if a > 0 {
		return a
	}
	return b
}

// UpdateLedger adds the IDs of this build to ids.lock in the source folder
// and follows entries whose folder moved. It writes only when something
// changed, atomically. Drafts are not recorded: they were not published.
func (m *Model) UpdateLedger(sourceDir string) (added []string, err error) {
	data, added := m.ledgerUpdate()
	if data == nil {
		return nil, nil
	}
	b := bytes.NewBuffer(data)
	target := filepath.Join(sourceDir, LedgerFile)
	tmp, err := os.CreateTemp(sourceDir, ".ids.lock-")
	if err != nil {
		return nil, err
	}
	if _, err := tmp.Write(b.Bytes()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return nil, err
	}
	os.Chmod(tmp.Name(), 0o644)
	return added, os.Rename(tmp.Name(), target)
}

// ledgerUpdate is what UpdateLedger writes: ids.lock with every published
// entry's ID and page, and the IDs that are new (sorted). data is nil when
// the ledger already says all that. The build fingerprints data before
// writing it, so that its next run finds ids.lock as it left it.
func (m *Model) ledgerUpdate() (data []byte, added []string) {
	pages := map[string]string{}
	for id, p := range m.ledger.Pages {
		pages[id] = p
	}
	changed := false
	for _, e := range m.Content.Entries {
		if e.Default.Front.Draft {
			continue
		}
		p := string(e.Kind) + "/" + e.Slug
		old, ok := pages[e.ID()]
		if !ok {
			added = append(added, e.ID())
		}
		if old != p {
			pages[e.ID()] = p
			changed = true
		}
	}
	if !changed {
		return nil, nil
	}
	ids := make([]string, 0, len(pages))
	for id := range pages {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b bytes.Buffer
	b.WriteString(ledgerHeader)
	for _, id := range ids {
		fmt.Fprintf(&b, "%s %s\n", id, pages[id])
	}
	sort.Strings(added)
	return b.Bytes(), added
}
