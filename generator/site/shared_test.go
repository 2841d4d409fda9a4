package site

import (
	"sync"
	"testing"
)

// A shared value is made once for its two users, even when they ask at
// the same time, and made again for a third.
func TestTwiceMakesOnceForTwoUsers(t *testing.T) {
	var s twice[int]
	var mu sync.Mutex
	made := 0
	mk := func() (int, error) { mu.Lock(); made++; mu.Unlock(); return 42, nil }
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, _ := s.get(mk); v != 42 {
				t.Errorf("got %d", v)
			}
		}()
	}
	wg.Wait()
	if made != 1 {
		t.Fatalf("made %d times for two users", made)
	}
	if v, _ := s.get(mk); v != 42 || made != 2 {
		t.Errorf("third use: %d, made %d times", v, made)
	}
}
