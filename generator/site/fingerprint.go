package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/diachido/diachido/generator/config"
	"github.com/diachido/diachido/generator/output"
	"golang.org/x/sync/errgroup"
)

// fingerprintPrefix starts the line of the output marker file that records
// what the output was built from.
const fingerprintPrefix = "source-fingerprint: "

var (
	selfOnce sync.Once
	selfHash string
)

// executableHash identifies the running binary, so that a new diachido
// (new templates, new rules) never reuses output made by an older one.
func executableHash() string {
	selfOnce.Do(func() {
		h := sha256.New()
		if p, err := os.Executable(); err == nil {
			if f, err := os.Open(p); err == nil {
				io.Copy(h, f)
				f.Close()
			}
		}
		selfHash = hex.EncodeToString(h.Sum(nil))
	})
	return selfHash
}

// copyBufs holds the buffers files are hashed through.
var copyBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// Fingerprint hashes everything a build's output depends on: every file
// that is read (site.yaml, content/, i18n/, themes/, assets/), the build
// options and the diachido binary itself. ids.lock is left out: the build
// writes it, and it changes no output. Two builds with the same fingerprint
// produce the same bytes, so the second can be skipped.
func Fingerprint(opts BuildOptions) (string, error) { return fingerprint(opts, nil) }

// fingerprint is Fingerprint taking the digests of files already read from
// known (slash paths relative to the source): after a load, the content
// files need not be read a second time, and the fingerprint is that of
// the very bytes that were built.
func fingerprint(opts BuildOptions, known map[string][sha256.Size]byte) (string, error) {
	h := sha256.New()
	o, _ := json.Marshal(struct {
		Drafts     bool
		BaseURL    string
		NoPlacards bool
		Created    int64
		Exe        string
	}{opts.Drafts, opts.BaseURL, opts.NoPlacards, opts.Created.Unix(), executableHash()})
	h.Write(o)
	// List the files, then hash them on every core (reading 20,000 small
	// files one by one was most of an unchanged rebuild), each into its
	// own digest; the fingerprint hashes the digests in name order.
	roots := []string{config.FileName, "content", "i18n", "themes", "assets"}
	var files []string
	for _, r := range roots {
		base := filepath.Join(opts.Source, r)
		err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if os.IsNotExist(err) {
					return nil
				}
				return err
			}
			if !d.IsDir() {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			return "", err
		}
	}
	sums := make([][sha256.Size]byte, len(files))
	rels := make([]string, len(files))
	var g errgroup.Group
	g.SetLimit(4 * runtime.GOMAXPROCS(0))
	for i, p := range files {
		rel, _ := filepath.Rel(opts.Source, p)
		rels[i] = filepath.ToSlash(rel)
		if sum, ok := known[rels[i]]; ok {
			sums[i] = sum
			continue
		}
		g.Go(func() error {
			// Streamed, never read whole: a pasted 50 MB file must cost
			// no 50 MB of memory before it is refused.
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			defer f.Close()
			fh := sha256.New()
			// One buffer per worker, not io.Copy's new 32 kB per file:
			// 20,000 files made 640 MB of garbage and several collections.
			buf := copyBufs.Get().(*[]byte)
			defer copyBufs.Put(buf)
			if _, err := io.CopyBuffer(fh, struct{ io.Reader }{f}, *buf); err != nil {
				return err
			}
			fh.Sum(sums[i][:0])
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return "", err
	}
	for i := range files {
		h.Write([]byte("\x00" + rels[i] + "\x00"))
		h.Write(sums[i][:])
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hasFingerprint reports whether out holds a build that recorded its
// fingerprint, so that checking whether it is up to date can pay off.
func hasFingerprint(out string) bool {
	b, err := os.ReadFile(filepath.Join(out, output.Marker))
	return err == nil && strings.Contains(string(b), "\n"+fingerprintPrefix)
}

// upToDate reports whether out was built from exactly this fingerprint.
func upToDate(out, fp string) bool {
	b, err := os.ReadFile(filepath.Join(out, output.Marker))
	if err != nil {
		return false
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.TrimPrefix(line, fingerprintPrefix) == fp && strings.HasPrefix(line, fingerprintPrefix) {
			return true
		}
	}
	return false
}
