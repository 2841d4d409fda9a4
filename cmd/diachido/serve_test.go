package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/diachido/diachido/internal/testsite"
)

var servingRe = regexp.MustCompile(`Serving (\S+) at (http://127\.0\.0\.1:\d+/) \(Ctrl\+C to stop\)`)

func TestServeCommandServesAndStops(t *testing.T) {
	dir := newFixture(t, "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut testsite.Log
	done := make(chan int, 1)
	go func() { done <- runServe(ctx, []string{"-source", dir, "-port", "0"}, &out, &errOut) }()

	var base string
	deadline := time.Now().Add(10 * time.Second)
	for base == "" || !strings.Contains(out.String(), "built") {
		if m := servingRe.FindStringSubmatch(out.String()); m != nil {
			if m[1] != dir {
				t.Errorf("serving %q, want %q", m[1], dir)
			}
			base = m[2]
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited with %d: %s%s", code, out.String(), errOut.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no banner and build line within 10 s: %q %q", out.String(), errOut.String())
		}
		time.Sleep(10 * time.Millisecond)
	}

	resp, err := http.Get(base + "vi/sites/nha-b/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "<title>Nhà B") || !strings.Contains(string(body), "BẢN NHÁP / DRAFT") {
		t.Errorf("draft page: %d\n%.400s", resp.StatusCode, body)
	}

	// An open live-reload stream must not keep the server from stopping.
	stream, err := http.Get(base + "__diachido/events")
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Body.Close()

	cancel() // Ctrl+C
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d: %s", code, errOut.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop within 10 s of the interrupt")
	}
	if !strings.Contains(out.String(), "stopped") {
		t.Errorf("no stop line: %q", out.String())
	}
}

func TestServeCommandMisuse(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-port", "70000"}, 2, "not a port"},
		{[]string{"-source", "/nonexistent/diachido"}, 1, "not found"},
		{[]string{"extra"}, 2, "unexpected argument"},
		{[]string{"-h"}, 0, "Usage: diachido serve"},
	} {
		var out, errOut bytes.Buffer
		code := runServe(context.Background(), tt.args, &out, &errOut)
		if code != tt.code || !strings.Contains(errOut.String(), tt.want) {
			t.Errorf("serve %v: exit %d, %q; want %d, %q", tt.args, code, errOut.String(), tt.code, tt.want)
		}
	}
}
