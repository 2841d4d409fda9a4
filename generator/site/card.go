package site

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/diachido/diachido/generator/cache"
	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/media"
	"golang.org/x/sync/semaphore"
)

// Share cards, /cards/<ID>.jpg: the 1200×630 picture a link preview on
// Zalo or Facebook shows, one per entry (media.Card draws it). It is the
// og:image of an entry's pages where the entry has no photo of its own;
// one with a photo keeps its cover there, and its card (the cover with
// the title over it) is published all the same, for volunteers to post.
//
// A card takes 12 ms to draw and encode (60–100 ms from a photo), against
// well under a millisecond a page: drawn with every build they made a
// 1,000-entry build several times slower (docs/performance.md). They are
// drawn with the placards, so `build -no-placards` and `check` skip them,
// while every page's meta stays the same; and each is cached by what it
// shows, so an unchanged rebuild draws none.

// cardVersion changes whenever cards drawn from the same input change
// (layout, fonts, colours, quality), so that cached ones are not reused.
const cardVersion = "card-3"

// cardBudget bounds the megapixels of cover photos decoded for cards at
// once (see photoBudget; the variants have their own).
var cardBudget = semaphore.NewWeighted(photoBudget / 2)

// CardPath is an entry's share card. IDs are permanent, so the address is.
func CardPath(id string) string { return "cards/" + id + ".jpg" }

// cardJobs draw every entry's share card, unless the load left placards
// out (LoadOptions.NoPlacards): cards are drawn with them.
func (m *Model) cardJobs() []job {
	if m.noPlacards || m.Content == nil {
		return nil
	}
	jobs := make([]job, 0, len(m.Content.Entries))
	for _, e := range m.Content.Entries {
		jobs = append(jobs, job{name: CardPath(e.ID()), render: func() ([]byte, error) { return m.card(e) }})
	}
	return jobs
}

// cardSpec is what e's card shows: the default-language title and kind
// line (as the placard has them), the organisation, the short link as
// the placard prints it, and the cover photo's file name, or "".
func (m *Model) cardSpec(e *content.Entry) (media.CardSpec, string) {
	f := e.Default.Front
	s := media.CardSpec{
		Title:        f.Title,
		Kicker:       m.kindLine(e, m.Langs[0]),
		Organization: m.Config.Organization,
		Link:         strings.TrimPrefix(m.urls.Abs(Short(f.ID)), "https://"),
	}
	switch e.Kind {
	case content.Marker:
		s.Motif = media.MotifMarker
		if f.Marker != nil {
			s.Mark = f.Marker.Number
		}
	case content.Tour:
		s.Motif = media.MotifRoute
	case content.Exhibition:
		// "TRIỂN LÃM / EXHIBITION": an exhibition's card is shared
		// beyond the guide's usual readers, so it says what it is in
		// each of the site's languages that names the kind differently.
		var names []string
		for _, l := range m.Langs {
			if n := m.i18n.T(l, "kind_exhibitions"); !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
		s.Kicker = strings.Join(names, " / ")
	}
	photo := ""
	if len(f.Photos) > 0 && m.media.photo(e, f.Photos[0].Src) != nil {
		photo = f.Photos[0].Src
	}
	return s, photo
}

// card returns e's card, from the cache when nothing it shows changed.
func (m *Model) card(e *content.Entry) ([]byte, error) {
	s, photo := m.cardSpec(e)
	var sum [32]byte
	if photo != "" {
		data, err := fs.ReadFile(m.Source, e.Dir+"/"+photo)
		if err == nil {
			s.Photo, sum = data, sha256.Sum256(data)
		}
	}
	spec, _ := json.Marshal(struct {
		media.CardSpec
		Photo bool
	}{s, s.Photo != nil})
	key := cache.Key([]byte(cardVersion), spec, sum[:], []byte(strconv.Itoa(media.CardQuality)))
	if b, ok := m.cache.Get("cards", key); ok {
		return b, nil
	}
	if s.Photo != nil {
		p := m.media.photo(e, photo)
		weight := min(max(int64(p.img.Width)*int64(p.img.Height)/1_000_000, 1), photoBudget/2)
		if err := cardBudget.Acquire(context.Background(), weight); err != nil {
			return nil, err
		}
		defer cardBudget.Release(weight)
	}
	b, err := media.Card(s)
	if err != nil && s.Photo != nil {
		// A photo that cannot be decoded is reported where its variants
		// are made (a FileError at the photo); the card does without it.
		s.Photo = nil
		b, err = media.Card(s)
	}
	if err != nil {
		return nil, err
	}
	m.cache.Put("cards", key, b)
	return b, nil
}

// ShareView is the picture a shared link to a page shows (og:image).
type ShareView struct {
	// URL is absolute; Width and Height are in pixels (0 when unknown).
	URL           string
	Width, Height int
	// Alt describes the picture: a photo's alt text, or the words on a
	// share card.
	Alt string
	// Card is true for an entry's share card.
	Card bool
}

// Share is the page's sharing image: an entry's cover photo where it has
// one (.Image), else the entry's share card; on other pages .Image, or
// nil when there is none.
func (p *Page) Share() *ShareView {
	if p.Entry != nil {
		if c := p.Entry.Cover; c != nil && p.Image != "" {
			return &ShareView{URL: p.Image, Width: c.Width, Height: c.Height, Alt: c.Alt}
		}
		if e, ok := p.m.Content.ByID[p.Entry.ID]; ok {
			s, _ := p.m.cardSpec(e)
			alt := s.Title
			for _, t := range []string{s.Organization, s.Link} {
				if t != "" {
					alt += " · " + t
				}
			}
			return &ShareView{URL: p.m.urls.Abs(CardPath(e.ID())), Width: media.CardWidth, Height: media.CardHeight, Alt: alt, Card: true}
		}
	}
	if p.Image != "" {
		return &ShareView{URL: p.Image}
	}
	return nil
}
