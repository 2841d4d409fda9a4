//go:build !linux

package serve

// notifier is inotify's stand-in where there is none: Watch polls.
type notifier struct{ wake chan struct{} }

func newNotifier() *notifier                 { return nil }
func (n *notifier) watch(dirs []string) bool { return false }
func (n *notifier) close()                   {}
