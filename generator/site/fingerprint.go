package site

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/diachido/diachido/generator/cache"
	"github.com/diachido/diachido/generator/inputs"
	"github.com/diachido/diachido/generator/output"
	"github.com/diachido/diachido/generator/placard"
)

// fingerprintPrefix starts the line of the output marker file that records
// what the output was built from.
const fingerprintPrefix = "source-fingerprint: "

// inputsKind is the cache folder that keeps, by fingerprint, the list of
// inputs a build read: the next build fingerprints the same list before
// loading anything, and is skipped when nothing on it changed. The list
// stays out of the output, which is published: it names draft folders.
const inputsKind = "inputs"

// keptLists is how many input lists the cache keeps: one per output
// folder and set of options in use, the newest first.
const keptLists = 16

// inputsCache is where input lists are kept: the build's cache, or with
// none (-cache-dir off, which keeps no placards or photos) the user's
// cache folder, so that an unchanged rebuild is still skipped. A list is
// named by its fingerprint, so sites never share one by mistake.
func (o BuildOptions) inputsCache() cache.Cache {
	if o.CacheDir != "" {
		return o.cache()
	}
	if d, err := os.UserCacheDir(); err == nil {
		return cache.Cache{Dir: filepath.Join(d, "diachido")}
	}
	return cache.Cache{}
}

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

// optionsKey is what of the build options and the binary the output
// depends on, mixed into every fingerprint.
func optionsKey(opts BuildOptions) []byte {
	o, _ := json.Marshal(struct {
		Drafts     bool
		BaseURL    string
		NoPlacards bool
		Created    int64
		Exe        string
		Lao        string `json:",omitempty"`
	}{opts.Drafts, opts.BaseURL, opts.NoPlacards, opts.Created.Unix(), executableHash(), laoFontsKey(opts)})
	return o
}

// laoFontsKey is the hash of the Lao faces placards are set in, when a
// build makes placards and a Lao font is installed. The font lives outside
// the site source, so it is not a recorded input; without this, an upgraded
// fonts-noto-core would leave an unchanged site's placards as they were.
// It hashes the files' bytes (about 0.2 MB) without parsing them, once per
// process: most sites print no Lao.
func laoFontsKey(opts BuildOptions) string {
	if opts.NoPlacards {
		return ""
	}
	laoKeyOnce.Do(func() {
		for _, p := range placard.LaoFontFiles {
			reg, err := os.ReadFile(p[0])
			if err != nil {
				continue
			}
			bold, _ := os.ReadFile(p[1])
			h := sha256.New()
			h.Write(reg)
			h.Write([]byte{0})
			h.Write(bold)
			laoKey = hex.EncodeToString(h.Sum(nil))
			return
		}
	})
	return laoKey
}

var (
	laoKeyOnce sync.Once
	laoKey     string
)

// fingerprint hashes everything a build's output depends on: the inputs
// its load and render read (recorded by rec, see package inputs), the
// build options and the diachido binary itself. The ledger's digest is
// the one it will have once the build has updated it (ledger nil: as it
// is), so that the next build, which reads the updated ids.lock, finds
// the fingerprint unchanged. Two builds with the same fingerprint produce
// the same bytes, so the second can be skipped.
func fingerprint(opts BuildOptions, rec *inputs.FS, ledger []byte) (string, []inputs.Input, error) {
	list := rec.List()
	var override map[string][sha256.Size]byte
	if ledger != nil {
		override = map[string][sha256.Size]byte{LedgerFile: sha256.Sum256(ledger)}
		found := false
		for i := range list {
			if list[i].Path == LedgerFile {
				list[i].Kind, found = inputs.File, true
			}
		}
		if !found {
			list = append(list, inputs.Input{Path: LedgerFile, Kind: inputs.File})
		}
	}
	fp, err := inputs.Digest(rec.Unwrap(), list, rec, override, optionsKey(opts))
	return fp, list, err
}

// saveInputs keeps the list that made fp in the cache.
func saveInputs(opts BuildOptions, fp string, list []inputs.Input) {
	c := opts.inputsCache()
	if c.Dir == "" {
		return
	}
	var b bytes.Buffer
	if inputs.Write(&b, list) == nil {
		c.Put(inputsKind, fp, b.Bytes())
		c.Prune(inputsKind, keptLists)
	}
}

// upToDate reports whether out was built from exactly the inputs it
// would be built from now: the fingerprint its marker records, computed
// again over the list of inputs kept with it (see inputsCache).
func upToDate(opts BuildOptions) bool {
	fp := recordedFingerprint(opts.Output)
	if fp == "" {
		return false
	}
	data, ok := opts.inputsCache().Get(inputsKind, fp)
	if !ok {
		return false
	}
	list, err := inputs.Read(bytes.NewReader(data))
	if err != nil {
		return false
	}
	now, err := inputs.Digest(os.DirFS(opts.Source), list, nil, nil, optionsKey(opts))
	return err == nil && now == fp
}

// recordedFingerprint is the fingerprint out's marker records, or "".
func recordedFingerprint(out string) string {
	b, err := os.ReadFile(filepath.Join(out, output.Marker))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if fp, ok := strings.CutPrefix(line, fingerprintPrefix); ok {
			return fp
		}
	}
	return ""
}

// dirFS is the build's view of a source folder: os.DirFS, recorded.
func dirFS(source string) *inputs.FS { return inputs.Record(os.DirFS(source)) }

var _ fs.FS = (*inputs.FS)(nil)
