package serve

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"sort"
	"strings"
)

// The form editor in serve: /admin/ is the site's editor page with a
// config.yml that saves through Decap CMS's proxy backend to AdminAPIPath
// here, which reads and writes the site source folder itself: the
// protocol of npm's decap-server in its local_fs mode (POST JSON
// {action, params}), written in Go so that trying the editor needs
// nothing installed and nothing to sign into.
//
// It answers only requests from this machine whose Host is the preview's
// own and whose body is JSON (a page of another site cannot send that
// without a CORS preflight, which is never answered), and it touches only
// files under content/, through an os.Root, so no path leaves the folder.
// Saving an entry merges the editor's front matter into the file's own
// YAML (mergeFront), so comments, key order and flow style survive.

// AdminAPIPath is the proxy endpoint, under the base path.
const AdminAPIPath = "admin/api/v1"

// adminFile serves admin/index.html and admin/config.yml from the last
// good build; ok is false for other names.
func (s *Server) adminFile(w http.ResponseWriter, r *http.Request, st *state, rel string) bool {
	if st.site == nil || st.site.model == nil {
		return false
	}
	switch rel {
	case "admin/", "admin/index.html":
		// Not writeHTML: a live reload would throw away what is being typed.
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		_, _ = w.Write(st.site.model.AdminPage(true))
	case "admin/config.yml":
		data, err := st.site.model.AdminConfig(s.opts.BaseURL + AdminAPIPath)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return true
		}
		h := w.Header()
		h.Set("Content-Type", "text/yaml; charset=utf-8")
		h.Set("Cache-Control", "no-store")
		_, _ = w.Write(data)
	default:
		return false
	}
	return true
}

type proxyRequest struct {
	Action string          `json:"action"`
	Params json.RawMessage `json:"params"`
}

type proxyFile struct {
	Path     string `json:"path"`
	Raw      string `json:"raw"`
	Content  string `json:"content"`
	Encoding string `json:"encoding"`
	NewPath  string `json:"newPath"`
	Label    string `json:"label,omitempty"`
}

type proxyParams struct {
	Folder      string      `json:"folder"`
	Extension   string      `json:"extension"`
	Depth       int         `json:"depth"`
	Files       []proxyFile `json:"files"`
	Path        string      `json:"path"`
	Paths       []string    `json:"paths"`
	Entry       *proxyFile  `json:"entry"`
	DataFiles   []proxyFile `json:"dataFiles"`
	Assets      []proxyFile `json:"assets"`
	Asset       proxyFile   `json:"asset"`
	MediaFolder string      `json:"mediaFolder"`
}

type proxyEntry struct {
	Data *string       `json:"data"`
	File proxyFileInfo `json:"file"`
}

type proxyFileInfo struct {
	Path  string  `json:"path"`
	Label string  `json:"label,omitempty"`
	ID    *string `json:"id"`
}

type proxyMedia struct {
	ID       string `json:"id"`
	Content  string `json:"content"`
	Encoding string `json:"encoding"`
	Path     string `json:"path"`
	Name     string `json:"name"`
}

func (s *Server) local(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		return false
	}
	h, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		h = r.Host
	}
	return h == "localhost" || net.ParseIP(h).IsLoopback()
}

// adminAPI answers the editor's proxy requests.
func (s *Server) adminAPI(w http.ResponseWriter, r *http.Request) {
	fail := func(status int, msg string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": msg})
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		fail(http.StatusMethodNotAllowed, "POST only")
		return
	}
	if !s.local(r) {
		fail(http.StatusForbidden, "the local editor answers only this machine")
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		fail(http.StatusUnsupportedMediaType, "JSON only")
		return
	}
	var req proxyRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<20)).Decode(&req); err != nil {
		fail(http.StatusBadRequest, "bad JSON: "+err.Error())
		return
	}
	var p proxyParams
	if len(req.Params) > 0 {
		if err := json.Unmarshal(req.Params, &p); err != nil {
			fail(http.StatusBadRequest, "bad params: "+err.Error())
			return
		}
	}
	root, err := os.OpenRoot(s.source)
	if err != nil {
		fail(http.StatusInternalServerError, err.Error())
		return
	}
	defer root.Close()
	res, status, err := s.proxy(root, req.Action, p)
	if err != nil {
		fmt.Fprintf(s.opts.Log, "admin: %s: %v\n", req.Action, err)
		fail(status, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(res)
	if strings.HasPrefix(req.Action, "persist") || strings.HasPrefix(req.Action, "delete") {
		// Show the change at once rather than at the next poll.
		go func() { _ = s.Rebuild() }()
	}
}

var errPath = errors.New("the editor may only touch files under content/")

// safePath checks a path the editor sent: relative, clean, under content/.
func safePath(p string) (string, error) {
	p = strings.TrimPrefix(strings.ReplaceAll(p, "\\", "/"), "/")
	if !fs.ValidPath(p) || (p != "content" && !strings.HasPrefix(p, "content/")) {
		return "", errPath
	}
	return p, nil
}

func (s *Server) proxy(root *os.Root, action string, p proxyParams) (any, int, error) {
	bad := http.StatusUnprocessableEntity
	switch action {
	case "info":
		return map[string]any{"repo": path.Base(s.source), "publish_modes": []string{"simple"}, "type": "local_fs"}, 0, nil
	case "entriesByFolder":
		dir, err := safePath(p.Folder)
		if err != nil {
			return nil, bad, err
		}
		var files []proxyFile
		for _, f := range listFiles(root, dir, p.Extension, p.Depth) {
			files = append(files, proxyFile{Path: f})
		}
		return readEntries(root, files), 0, nil
	case "entriesByFiles":
		for _, f := range p.Files {
			if _, err := safePath(f.Path); err != nil {
				return nil, bad, err
			}
		}
		return readEntries(root, p.Files), 0, nil
	case "getEntry":
		if _, err := safePath(p.Path); err != nil {
			return nil, bad, err
		}
		return readEntries(root, []proxyFile{{Path: p.Path}})[0], 0, nil
	case "persistEntry":
		files := p.DataFiles
		if len(files) == 0 && p.Entry != nil {
			files = []proxyFile{*p.Entry}
		}
		for _, f := range append(append([]proxyFile(nil), files...), p.Assets...) {
			if _, err := safePath(f.Path); err != nil {
				return nil, bad, err
			}
			if f.NewPath != "" {
				if _, err := safePath(f.NewPath); err != nil {
					return nil, bad, err
				}
			}
		}
		for _, a := range p.Assets {
			if err := writeAsset(root, a); err != nil {
				return nil, http.StatusInternalServerError, err
			}
		}
		for _, f := range files {
			clean, _ := safePath(f.Path)
			data := []byte(f.Raw)
			if old, err := root.ReadFile(clean); err == nil {
				data = mergeFront(old, data, s.isTranslation(clean))
			}
			if err := writeFile(root, clean, data); err != nil {
				return nil, http.StatusInternalServerError, err
			}
		}
		return map[string]string{"message": "entry persisted"}, 0, nil
	case "getMedia":
		dir, err := safePath(p.MediaFolder)
		if err != nil {
			return nil, bad, err
		}
		out := []proxyMedia{}
		for _, f := range listFiles(root, dir, "", 1) {
			if m, err := readMedia(root, f); err == nil {
				out = append(out, m)
			}
		}
		return out, 0, nil
	case "getMediaFile":
		clean, err := safePath(p.Path)
		if err != nil {
			return nil, bad, err
		}
		m, err := readMedia(root, clean)
		if err != nil {
			return nil, http.StatusNotFound, err
		}
		return m, 0, nil
	case "persistMedia":
		if _, err := safePath(p.Asset.Path); err != nil {
			return nil, bad, err
		}
		if err := writeAsset(root, p.Asset); err != nil {
			return nil, http.StatusInternalServerError, err
		}
		clean, _ := safePath(p.Asset.Path)
		m, err := readMedia(root, clean)
		if err != nil {
			return nil, http.StatusInternalServerError, err
		}
		return m, 0, nil
	case "deleteFile", "deleteFiles":
		paths := p.Paths
		if action == "deleteFile" {
			paths = []string{p.Path}
		}
		for _, f := range paths {
			clean, err := safePath(f)
			if err != nil {
				return nil, bad, err
			}
			_ = root.Remove(clean)
		}
		return map[string]string{"message": "deleted " + strings.Join(paths, ", ")}, 0, nil
	case "getDeployPreview":
		return nil, 0, nil
	}
	return nil, bad, errors.New("unknown action " + action)
}

// listFiles lists the files under dir ending in ext, down to depth
// folders, sorted.
func listFiles(root *os.Root, dir, ext string, depth int) []string {
	if depth <= 0 {
		return nil
	}
	entries, err := fs.ReadDir(root.FS(), dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		p := dir + "/" + e.Name()
		switch {
		case e.IsDir():
			out = append(out, listFiles(root, p, ext, depth-1)...)
		case e.Type().IsRegular() && strings.HasSuffix(e.Name(), ext):
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out
}

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func readEntries(root *os.Root, files []proxyFile) []proxyEntry {
	out := make([]proxyEntry, len(files))
	for i, f := range files {
		out[i].File = proxyFileInfo{Path: f.Path, Label: f.Label}
		clean, err := safePath(f.Path)
		if err != nil {
			continue
		}
		if b, err := root.ReadFile(clean); err == nil {
			data, id := string(b), sum(b)
			out[i].Data, out[i].File.ID = &data, &id
		}
	}
	return out
}

func readMedia(root *os.Root, p string) (proxyMedia, error) {
	b, err := root.ReadFile(p)
	if err != nil {
		return proxyMedia{}, err
	}
	return proxyMedia{ID: sum(b), Content: base64.StdEncoding.EncodeToString(b), Encoding: "base64", Path: p, Name: path.Base(p)}, nil
}

func writeAsset(root *os.Root, a proxyFile) error {
	clean, err := safePath(a.Path)
	if err != nil {
		return err
	}
	data := []byte(a.Content)
	if a.Encoding == "base64" {
		if data, err = base64.StdEncoding.DecodeString(a.Content); err != nil {
			return err
		}
	}
	return writeFile(root, clean, data)
}

// writeFile puts data at p the way a reader never sees half of it: the
// editor saves every language of an entry at once, and the watcher, the
// rebuild it starts and an editor's own Git client may read any of those
// files at that moment. A file that already holds data is left alone, so
// saving one language does not touch the others' modification times or
// start a rebuild for nothing.
func writeFile(root *os.Root, p string, data []byte) error {
	if old, err := root.ReadFile(p); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := root.MkdirAll(path.Dir(p), 0o755); err != nil {
		return err
	}
	tmp := path.Join(path.Dir(p), "."+path.Base(p)+".diachido-tmp")
	if err := root.WriteFile(tmp, data, 0o644); err != nil {
		_ = root.Remove(tmp)
		return err
	}
	if err := root.Rename(tmp, p); err != nil {
		_ = root.Remove(tmp)
		return err
	}
	return nil
}
