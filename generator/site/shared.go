package site

import "sync"

// twice holds a value that exactly two users need: computed by whichever
// asks first, and let go once both have had it, so that a large site does
// not keep it for the rest of the build. A third use computes it again.
// A placard's layout (its own PDF and its page in a print-shop file) is
// shared so.
type twice[T any] struct {
	mu   sync.Mutex
	v    T
	err  error
	made bool
	uses int
}

// get returns the value, making it with mk if this is its first use.
func (s *twice[T]) get(mk func() (T, error)) (T, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.made {
		s.v, s.err = mk()
		s.made = true
	}
	v, err := s.v, s.err
	if s.uses++; s.uses == 2 {
		var zero T
		s.v, s.err, s.made, s.uses = zero, nil, false, 0
	}
	return v, err
}
