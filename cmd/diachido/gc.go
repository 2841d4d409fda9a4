package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// gcFloor is the memory a build may use before the garbage collector runs.
// On the 10,000-entry benchmark it keeps the peak near 380 MB, under a
// third of Hugo's 1.2-1.3 GB on the same content; 320 MB cost 5% more CPU
// in collections, 400 MB saved nothing more.
const gcFloor = 360 << 20

// gcNational is the memory a national build (100,000 entries in three
// languages: a live heap of 0.6 to 1 GB once bodies are read again for
// their pages, see site.scanBodies) may use before collecting: the heap
// grows to three times the live heap up to this, which keeps the
// collector's share of the CPU near a quarter instead of two fifths (a
// limit of 1.5× a 600 MB live heap), and the peak near 2 GB, within the
// 2.5 GB the national target allows.
const gcNational = 1800 << 20

// gcNationalLive is the live heap from which gcNational applies: a guide
// of 10,000 to 30,000 entries (a live heap of 100 to 300 MB) keeps the
// small budget, and with it its peak memory.
const gcNationalLive = 400 << 20

// tuneGC sets the garbage collector for a batch job. A build allocates
// gigabytes of short-lived garbage (template state, page buffers) over a
// live heap of a hundred megabytes or so; Go's default collects each time
// the heap doubles, which on a 10,000-entry site is fifty collections and a
// fifth of the CPU. Instead the collector lets the heap grow to three times
// the live heap, but no further than a fixed budget (gcFloor for a small
// site, gcNational for a large one) or, once the live heap is larger than
// two thirds of that, one and a half times the live heap, checked a few
// times a second so that a live
// heap near the budget never makes it collect without pause. A small site
// stays small; a large one stays within the budget. GOGC or
// GOMEMLIMIT in the environment leave the runtime's own settings alone.
// It returns a function that stops the checks.
func tuneGC() func() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	limit := int64(gcFloor)
	debug.SetMemoryLimit(limit)
	old := debug.SetGCPercent(200)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	stop := every(100*time.Millisecond, func() {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		live := int64(sample[0].Value.Uint64())
		want := max(int64(gcFloor), live*3/2)
		if live > gcNationalLive {
			want = min(3*live, max(int64(gcNational), live*3/2))
		}
		if want != limit {
			limit = want
			debug.SetMemoryLimit(limit)
		}
	})
	return func() {
		stop()
		debug.SetGCPercent(old)
		debug.SetMemoryLimit(math.MaxInt64)
	}
}

// every calls f every d on a goroutine of its own until the function it
// returns is called; that function returns once f has finished its last
// call, so nothing f writes comes after it.
func every(d time.Duration, f func()) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				f()
			}
		}
	}()
	return func() {
		close(done)
		<-finished
	}
}

// peakHeapProfile writes a heap profile to path each time the live heap
// (as of the last collection) has grown by a tenth since the last profile,
// so that the file left at the end shows what was live at the build's
// peak, not at its end, when the model is gone. It returns the function
// that stops it.
func peakHeapProfile(path string, stderr io.Writer) func() {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var last uint64
	return every(500*time.Millisecond, func() {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		live := sample[0].Value.Uint64()
		if live < last+last/10 {
			return
		}
		last = live
		f, err := os.Create(path)
		if err == nil {
			err = pprof.Lookup("heap").WriteTo(f, 0)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "diachido: heap profile: %v\n", err)
		}
	})
}
