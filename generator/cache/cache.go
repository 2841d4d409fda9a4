// Package cache keeps the results of expensive, pure work (placard PDFs,
// photo variants) on disk by a hash of everything that went into them, so a
// rebuild only redoes what changed. It lives outside the output folder,
// which is replaced whole on every build.
package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"sort"
)

// Cache is a folder of files named by content hash. The zero value (empty
// Dir) caches nothing.
type Cache struct {
	Dir string
}

// Key hashes the parts that determine a result. Callers include a version
// string of their own, changed whenever their output changes for the same
// input.
func Key(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		var n [8]byte
		l := len(p)
		for i := range n {
			n[i] = byte(l >> (8 * i))
		}
		h.Write(n[:])
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func (c Cache) path(kind, key string) string {
	return filepath.Join(c.Dir, kind, key[:2], key)
}

// Get returns the cached bytes for key, if any.
func (c Cache) Get(kind, key string) ([]byte, bool) {
	if c.Dir == "" {
		return nil, false
	}
	b, err := os.ReadFile(c.path(kind, key))
	return b, err == nil
}

// Put stores data under key. Failures are ignored: a cache that cannot be
// written only makes the next build slower. The file is written under a
// temporary name and renamed, so a killed build never leaves half a file.
func (c Cache) Put(kind, key string, data []byte) {
	if c.Dir == "" {
		return
	}
	p := c.path(kind, key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(filepath.Dir(p), ".tmp-")
	if err != nil {
		return
	}
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr != nil || cerr != nil || os.Rename(f.Name(), p) != nil {
		os.Remove(f.Name())
	}
}

// Default returns the cache folder for a site source: the user's cache
// folder, one sub-folder per source path.
func Default(source string) string {
	base, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	abs, err := filepath.Abs(source)
	if err != nil {
		return ""
	}
	return filepath.Join(base, "diachido", Key([]byte(abs))[:16])
}

// Prune keeps the newest keep entries of kind (by modification time) and
// removes the others: for kinds whose entries are superseded rather than
// reused, such as the list of a build's inputs, which a new build replaces.
func (c Cache) Prune(kind string, keep int) {
	if c.Dir == "" {
		return
	}
	type entry struct {
		path string
		mod  int64
	}
	var all []entry
	dirs, _ := os.ReadDir(filepath.Join(c.Dir, kind))
	for _, d := range dirs {
		sub := filepath.Join(c.Dir, kind, d.Name())
		files, _ := os.ReadDir(sub)
		for _, f := range files {
			if info, err := f.Info(); err == nil && !f.IsDir() {
				all = append(all, entry{filepath.Join(sub, f.Name()), info.ModTime().UnixNano()})
			}
		}
	}
	if len(all) <= keep {
		return
	}
	sort.Slice(all, func(i, j int) bool { return all[i].mod > all[j].mod })
	for _, e := range all[keep:] {
		os.Remove(e.path)
	}
}
