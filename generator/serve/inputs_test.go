package serve

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/diachido/diachido/internal/testsite"
)

// TestEveryKindOfInputReloads: with Watch running, a change to any kind of
// input (the list build's test walks too) makes a new build, which open
// pages are told to reload, and the preview then serves what changed: a
// new logo on every placard.
func TestEveryKindOfInputReloads(t *testing.T) {
	for _, ed := range testsite.Edits() {
		t.Run(ed.Kind, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			testsite.Write(t, dir, testsite.Inputs())
			s, _ := start(t, dir, Options{Interval: 20 * time.Millisecond})
			rebuild(t, s)
			before := previewTree(t, s)
			if len(before) == 0 || before[testsite.Placard] == nil {
				t.Fatalf("the preview has %d files, no %s", len(before), testsite.Placard)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- s.Watch(ctx) }()
			defer func() { cancel(); <-done }()
			// A look with nothing changed must not rebuild.
			time.Sleep(150 * time.Millisecond)
			v := s.state.Load().version
			ed.Apply(t, dir)
			deadline := time.Now().Add(10 * time.Second)
			for s.state.Load().version == v {
				if time.Now().After(deadline) {
					t.Fatalf("an edit of the %s was not seen within 10 s", ed.Kind)
				}
				time.Sleep(10 * time.Millisecond)
			}
			st := s.state.Load()
			if len(st.errors) > 0 {
				t.Fatalf("errors after the edit: %v", st.errors)
			}
			after := previewTree(t, s)
			if ed.Changes != "" && !testsite.Changed(before, after, ed.Changes) {
				t.Errorf("after an edit of the %s, the preview's %s is unchanged", ed.Kind, ed.Changes)
			}
			if ed.EveryPlacard {
				for name, b := range after {
					if strings.HasPrefix(name, "placards/") && strings.HasSuffix(name, ".pdf") && string(before[name]) == string(b) {
						t.Errorf("the preview's %s kept the old %s", name, ed.Kind)
					}
				}
			}
		})
	}
}

// TestNoRebuildWithoutChange: rendering pages (which read photos, the
// logo, the theme's static files) adds nothing to watch, so a preview
// left open does not rebuild over and over.
func TestNoRebuildWithoutChange(t *testing.T) {
	dir := t.TempDir()
	testsite.Write(t, dir, testsite.Inputs())
	s, _ := start(t, dir, Options{Interval: 10 * time.Millisecond})
	rebuild(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Watch(ctx) }()
	v := s.state.Load().version
	previewTree(t, s)
	time.Sleep(300 * time.Millisecond)
	cancel()
	<-done
	if got := s.state.Load().version; got != v {
		t.Errorf("rebuilt with nothing changed: version %s, then %s", v, got)
	}
}

// previewTree renders every file of the current preview.
func previewTree(t *testing.T, s *Server) map[string][]byte {
	t.Helper()
	p := s.state.Load().site
	if p == nil {
		t.Fatal("nothing built")
	}
	out := map[string][]byte{}
	for _, name := range p.plan.Names() {
		data, ok, err := p.get(context.Background(), name)
		if !ok || err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out[name] = data
	}
	<-p.copied
	if p.copyErr != nil {
		t.Fatal(p.copyErr)
	}
	for _, name := range p.files.Names() {
		out[name], _ = p.files.Get(name)
	}
	return out
}
