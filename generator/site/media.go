package site

// Media: photos published as responsive variants, audio guides with their
// duration and size, videos as click-to-load facades. A visitor who scanned
// a placard on a weak mountain signal downloads a photo sized for their
// screen, sees what an audio guide costs before tapping it, and calls no
// third party until they tap a video.

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/diachido/diachido/generator/cache"
	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/diag"
	"github.com/diachido/diachido/generator/markdown"
	"github.com/diachido/diachido/generator/media"
	"github.com/diachido/diachido/generator/output"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

// photoVersion changes whenever the variants made from the same photo
// change (sizes, quality, resampling), so that cached ones are not reused.
const photoVersion = "photo-1"

// photoSizes is the sizes attribute of every photo: full width on a phone,
// the text column (44rem) from 48rem up.
const photoSizes = "(min-width: 48rem) 44rem, 100vw"

// photoBudget bounds the megapixels being decoded at once, so that many
// cores working on large photos do not exhaust memory (a decoded 40 MP
// photo takes 120–160 MB).
const photoBudget = 128

var photoExts = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".webp": true, ".gif": true}

// isPhotoFile reports whether a folder file is published as photo variants.
func isPhotoFile(name string) bool { return photoExts[strings.ToLower(path.Ext(name))] }

// mediaIndex is what Load learnt about an entry's media files, by
// "<entry dir>/<file>".
type mediaIndex struct {
	photos map[string]*photoInfo
	audio  map[string]audioInfo
	sizes  map[string]int64 // local videos
	// encodes counts variants encoded (not taken from the cache), for the
	// tests: a count of work done, not render state.
	encodes atomic.Int64
}

type photoInfo struct {
	e      *content.Entry
	name   string
	img    media.Image
	png    bool  // keeps transparency
	widths []int // ascending
}

type audioInfo struct {
	mp3  media.MP3
	size int64
}

func mediaKey(e *content.Entry, name string) string { return e.Dir + "/" + name }

func (x *mediaIndex) photo(e *content.Entry, name string) *photoInfo {
	if x == nil {
		return nil
	}
	return x.photos[mediaKey(e, name)]
}

// variant is the folder-relative name of the variant w pixels wide:
// "anh/cong-960.jpg" for "anh/cong.JPG".
func (p *photoInfo) variant(w int) string {
	ext := ".jpg"
	if p.png {
		ext = ".png"
	}
	return strings.TrimSuffix(p.name, path.Ext(p.name)) + "-" + strconv.Itoa(w) + ext
}

func (p *photoInfo) largest() int { return p.widths[len(p.widths)-1] }

// variantURL is a variant's address; commas are escaped too, since they
// separate srcset candidates.
func (m *Model) variantURL(p *photoInfo, w int) string {
	return m.urls.Rel(mediaPath(p.e, strings.ReplaceAll(escapePath(p.variant(w)), ",", "%2C")))
}

// fileURL is the published address of a folder file; a photo's is its
// largest variant, since the original is not published.
func (m *Model) fileURL(e *content.Entry, name string) string {
	if p := m.media.photo(e, name); p != nil {
		return m.variantURL(p, p.largest())
	}
	return m.urls.Rel(mediaPath(e, escapePath(name)))
}

// checkMedia reads what pages say about media files (photo sizes, audio
// durations, video sizes) into m.media, the render state, and reports the
// files that cannot be published: images too large to decode safely or
// not images at all, audio that is not MP3, video links alone in a body
// paragraph (scans) that name no video. Reading a file's header serves
// both, so it is read once.
func (m *Model) checkMedia(scans map[*content.Doc]markdown.Scan, diags *diag.List) {
	x := &mediaIndex{photos: map[string]*photoInfo{}, audio: map[string]audioInfo{}, sizes: map[string]int64{}}
	m.media = x
	if m.Content == nil {
		return
	}
	m.checkPhotos(scans, diags)
	for _, e := range m.Content.Entries {
		for _, l := range m.Langs {
			d, ok := e.Docs[l]
			if !ok {
				continue
			}
			own := func(key string) bool { return d == e.Default || d.Sets(key) }
			if own("audio") {
				for i, a := range d.Front.Audio {
					line := lineOr(d.Line("audio", strconv.Itoa(i), "src"), d.Line("audio", strconv.Itoa(i)))
					m.checkAudio(e, a.Src, diag.Position{File: d.File, Line: line}, diags)
				}
			}
			if own("videos") {
				for _, v := range d.Front.Videos {
					if p, err := media.ParseVideo(v.URL); err == nil && p.Provider == media.File && e.HasFile(p.ID) {
						if st, err := fs.Stat(m.Source, e.Dir+"/"+p.ID); err == nil {
							x.sizes[mediaKey(e, p.ID)] = st.Size()
						}
					}
				}
			}
			for _, link := range scans[d].Lone {
				if !media.LooksLikeVideoHost(link.Dest) {
					continue
				}
				if _, err := media.ParseVideo(link.Dest); err != nil {
					diags.Errorf(diag.Position{File: d.File, Line: d.BodyLine + link.Line - 1},
						"video link: %v (a link alone in its paragraph becomes the video; to keep an ordinary link, put it inside a sentence)", err)
				}
			}
		}
	}
}

func (m *Model) checkAudio(e *content.Entry, name string, at diag.Position, diags *diag.List) {
	if strings.ToLower(path.Ext(name)) != ".mp3" || !e.HasFile(name) {
		return // content reports these
	}
	key := mediaKey(e, name)
	if _, done := m.media.audio[key]; done {
		return
	}
	f, err := m.Source.Open(e.Dir + "/" + name)
	if err != nil {
		diags.Errorf(at, "audio %q cannot be read: %v", name, err)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		diags.Errorf(at, "audio %q cannot be read: %v", name, err)
		return
	}
	ra, ok := f.(io.ReaderAt)
	if !ok {
		b, err := io.ReadAll(f)
		if err != nil {
			diags.Errorf(at, "audio %q cannot be read: %v", name, err)
			return
		}
		ra = strings.NewReader(string(b))
	}
	info, err := media.ParseMP3(ra, st.Size())
	if err != nil {
		diags.Errorf(at, "audio %q: %v", name, err)
		return
	}
	m.media.audio[key] = audioInfo{mp3: info, size: st.Size()}
}

// checkPhotos inspects every image in every entry folder, on all cores:
// only headers, plus a full decode of the few whose format can carry
// transparency, to tell a logo from a photo saved with an unused alpha
// channel (cached by the file's hash).
func (m *Model) checkPhotos(scans map[*content.Doc]markdown.Scan, diags *diag.List) {
	type task struct {
		e    *content.Entry
		name string
		refs []diag.Position
		info *photoInfo
		err  error
	}
	var tasks []*task
	for _, e := range m.Content.Entries {
		refs := map[string][]diag.Position{}
		for _, l := range m.Langs {
			d, ok := e.Docs[l]
			if !ok {
				continue
			}
			if d == e.Default || d.Sets("photos") {
				for i, p := range d.Front.Photos {
					line := lineOr(d.Line("photos", strconv.Itoa(i), "src"), d.Line("photos", strconv.Itoa(i)))
					refs[p.Src] = append(refs[p.Src], diag.Position{File: d.File, Line: line})
				}
			}
			for _, link := range scans[d].Links {
				if f, ok := markdown.LocalFile(link.Dest); ok {
					refs[f] = append(refs[f], diag.Position{File: d.File, Line: d.BodyLine + link.Line - 1})
				}
			}
		}
		for _, name := range e.Files {
			if isPhotoFile(name) {
				tasks = append(tasks, &task{e: e, name: name, refs: refs[name]})
			}
		}
	}
	g := new(errgroup.Group)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, t := range tasks {
		g.Go(func() error {
			t.info, t.err = m.inspectPhoto(t.e, t.name)
			return nil
		})
	}
	_ = g.Wait()
	published := map[string]string{}
	for _, t := range tasks {
		if t.err != nil {
			refs := t.refs
			if len(refs) == 0 {
				refs = []diag.Position{{File: t.e.Dir + "/" + t.name}}
			}
			for _, at := range refs {
				diags.Errorf(at, "photo %q: %v", t.name, t.err)
			}
			continue
		}
		// cong.jpg and cong.png would both publish cong-480.jpg.
		clash := false
		for _, w := range t.info.widths {
			out := mediaKey(t.e, t.info.variant(w))
			if other, taken := published[out]; taken {
				at := diag.Position{File: t.e.Dir + "/" + t.name}
				if len(t.refs) > 0 {
					at = t.refs[0]
				}
				diags.Errorf(at, "photos %q and %q would be published under the same name %s: rename one", other, t.name, path.Base(out))
				clash = true
				break
			}
			published[out] = t.name
		}
		if !clash {
			m.media.photos[mediaKey(t.e, t.name)] = t.info
		}
	}
}

func (m *Model) inspectPhoto(e *content.Entry, name string) (*photoInfo, error) {
	f, err := m.Source.Open(e.Dir + "/" + name)
	if err != nil {
		return nil, err
	}
	img, err := media.Inspect(f)
	f.Close()
	if err != nil {
		return nil, err
	}
	p := &photoInfo{e: e, name: name, img: img, widths: media.VariantWidths(img.Width)}
	if img.MayHaveAlpha {
		data, err := fs.ReadFile(m.Source, e.Dir+"/"+name)
		if err != nil {
			return nil, err
		}
		key := cache.Key([]byte("alpha-1"), data)
		if b, ok := m.cache.Get("photo-alpha", key); ok && len(b) == 1 {
			p.png = b[0] == 't'
		} else {
			opaque, err := media.Opaque(data)
			if err != nil {
				return nil, fmt.Errorf("not a readable image (%v)", err)
			}
			p.png = !opaque
			m.cache.Put("photo-alpha", key, []byte(map[bool]string{true: "t", false: "f"}[p.png]))
		}
	}
	return p, nil
}

// publishPhotos writes every photo's variants, on all cores, taking them
// from the cache when the photo has not changed. It returns the number of
// files written.
func (m *Model) publishPhotos(w output.Writer) (int, error) {
	if m.media == nil {
		return 0, nil
	}
	keys := make([]string, 0, len(m.media.photos))
	for k := range m.media.photos {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	sem := semaphore.NewWeighted(photoBudget)
	g := new(errgroup.Group)
	g.SetLimit(runtime.GOMAXPROCS(0))
	errs := make([]error, len(keys)) // by key, so that they come out sorted
	var n atomic.Int64
	for i, k := range keys {
		p := m.media.photos[k]
		g.Go(func() error {
			c, err := m.publishPhoto(p, w, sem)
			n.Add(int64(c))
			if err != nil {
				errs[i] = &FileError{Pos: diag.Position{File: p.e.Dir + "/" + p.name}, Err: err}
			}
			return nil
		})
	}
	_ = g.Wait()
	return int(n.Load()), errors.Join(errs...)
}

func (m *Model) publishPhoto(p *photoInfo, w output.Writer, sem *semaphore.Weighted) (int, error) {
	out, err := m.photoVariants(p, sem)
	if err != nil {
		return 0, err
	}
	for i, vw := range p.widths {
		if err := w.WriteFile(mediaPath(p.e, p.variant(vw)), out[i]); err != nil {
			return i, err
		}
	}
	return len(p.widths), nil
}

// photoVariants returns a photo's variants, by p.widths, from the cache
// or encoded now, and records their digests for the offline manifests
// (out_offline.go).
func (m *Model) photoVariants(p *photoInfo, sem *semaphore.Weighted) ([][]byte, error) {
	data, err := fs.ReadFile(m.Source, p.e.Dir+"/"+p.name)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	keys := make([]string, len(p.widths))
	out := make([][]byte, len(p.widths))
	missing := false
	for i, vw := range p.widths {
		keys[i] = cache.Key([]byte(photoVersion), sum[:], fmt.Appendf(nil, "w=%d q=%d png=%t", vw, media.Quality, p.png))
		if b, ok := m.cache.Get("photos", keys[i]); ok {
			out[i] = b
		} else {
			missing = true
		}
	}
	if missing {
		weight := min(max(int64(p.img.Width)*int64(p.img.Height)/1_000_000, 1), photoBudget)
		if err := sem.Acquire(context.Background(), weight); err != nil {
			return nil, err
		}
		vs, err := media.Variants(data, p.widths, p.png)
		sem.Release(weight)
		if err != nil {
			return nil, err
		}
		m.media.encodes.Add(int64(len(vs)))
		for i := range vs {
			out[i] = vs[i]
			m.cache.Put("photos", keys[i], vs[i])
		}
	}
	for i, vw := range p.widths {
		m.fileSums.put(mediaPath(p.e, p.variant(vw)), sumOf(out[i]))
	}
	return out, nil
}

// photoView is a photo ready for photo.html; cover marks the one above the
// fold, which loads at once and first.
func (m *Model) photoView(e *content.Entry, ph content.Photo, cover bool) PhotoView {
	pv := PhotoView{Alt: ph.Alt, Caption: ph.Caption, Credit: ph.Credit, Cover: cover, Sizes: photoSizes}
	p := m.media.photo(e, ph.Src)
	if p == nil {
		pv.URL = m.urls.Rel(mediaPath(e, escapePath(ph.Src)))
		pv.Src = pv.URL
		return pv
	}
	var set []string
	pv.Src = m.variantURL(p, p.widths[0])
	for _, vw := range p.widths {
		u := m.variantURL(p, vw)
		set = append(set, u+" "+strconv.Itoa(vw)+"w")
		if vw <= 960 {
			pv.Src = u
		}
	}
	if len(set) > 1 {
		pv.SrcSet = strings.Join(set, ", ")
	}
	pv.URL = m.variantURL(p, p.largest())
	pv.Width, pv.Height = p.largest(), p.img.HeightAt(p.largest())
	return pv
}

// videoViews lists the front-matter videos of an entry in lang.
func (m *Model) videoViews(e *content.Entry, f *content.Front, lang string) []VideoView {
	t := func(k string) string { return m.i18n.T(lang, k) }
	var out []VideoView
	for i, vid := range f.Videos {
		p, err := media.ParseVideo(vid.URL)
		if err != nil {
			continue // reported by content
		}
		vv := VideoView{Title: orDefault(vid.Title, fmt.Sprintf("%s %d", t("video"), i+1)), Provider: p.Provider.Name(), Play: t("video_play")}
		if p.Provider == media.File {
			vv.Src = m.urls.Rel(mediaPath(e, escapePath(p.ID)))
			vv.URL = vv.Src
			if n, ok := m.media.sizes[mediaKey(e, p.ID)]; ok {
				vv.Size = media.FormatSize(n, m.decimal(lang))
			}
		} else {
			vv.EmbedURL, vv.WatchURL, vv.URL = p.EmbedURL, p.WatchURL, p.WatchURL
			vv.WatchOn = markdown.WithName(t("video_watch_on"), vv.Provider)
		}
		out = append(out, vv)
	}
	return out
}

// audioViews lists the audio guides of an entry in lang, with what
// tapping costs: "4:12 · 3,9 MB".
func (m *Model) audioViews(e *content.Entry, f *content.Front, lang string) []AudioView {
	var out []AudioView
	for i, a := range f.Audio {
		av := AudioView{Title: orDefault(a.Title, fmt.Sprintf("%s %d", m.i18n.T(lang, "audio_guide"), i+1)), URL: m.urls.Rel(mediaPath(e, escapePath(a.Src)))}
		if info, ok := m.media.audio[mediaKey(e, a.Src)]; ok {
			av.Duration = media.FormatDuration(info.mp3.Duration)
			av.DurationISO = media.ISODuration(info.mp3.Duration)
			av.Size = media.FormatSize(info.size, m.decimal(lang))
		}
		out = append(out, av)
	}
	return out
}

// decimal is lang's decimal separator (interface string decimal_separator).
func (m *Model) decimal(lang string) string {
	if s := m.i18n.T(lang, "decimal_separator"); s != "decimal_separator" {
		return s
	}
	return "."
}

// Label gives the video embeds in a body their words in the page's
// language (markdown.Labeler).
func (r resolver) Label(key string) string { return r.m.i18n.T(r.lang, key) }

// VideoView is a front-matter video: a facade for a provider's video, a
// player for a folder .mp4.
type VideoView struct {
	Title string
	// Provider is "YouTube", "Facebook" or "Vimeo"; empty for a file.
	Provider string
	// EmbedURL is loaded into an iframe only when the visitor taps;
	// WatchURL opens the video on the provider's site (without scripts).
	EmbedURL, WatchURL string
	// Play and WatchOn are the facade's words ("Tap to play", "Watch on
	// YouTube").
	Play, WatchOn string
	// Src and Size are a folder .mp4's address and size ("24 MB").
	Src, Size string
	// URL is a plain link to the video: WatchURL, or Src for a file.
	URL string
}

// AudioView is an audio guide with what tapping it costs.
type AudioView struct {
	Title string
	URL   string
	// Duration is "4:12", DurationISO "PT4M12S"; Size is "3,9 MB".
	Duration, DurationISO, Size string
}
