package output

import "os"

// exchangeFallback swaps with three renames where the system cannot do it
// atomically; there is a short moment where b is missing.
func exchangeFallback(a, b string) error {
	side := b + ".old"
	_ = os.RemoveAll(side)
	if err := os.Rename(b, side); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		_ = os.Rename(side, b)
		return err
	}
	return os.Rename(side, a)
}
