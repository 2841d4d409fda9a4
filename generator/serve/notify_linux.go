package serve

import (
	"errors"
	"os"
	"sync"
	"syscall"
)

// notifier wakes Watch when the kernel reports a change (inotify) in a
// watched folder, so that a save is seen at once instead of at the next
// poll, and a large site is not listed over and over while nothing
// changes. It only says "look now": what changed is still found by
// comparing listings, so a missed or spurious event costs a scan at most.
type notifier struct {
	fd   int // f's, for adding watches (f.Fd would make f blocking)
	f    *os.File
	wake chan struct{} // one pending wake-up at most

	mu      sync.Mutex
	watched map[string]bool // folders
}

const watchMask = syscall.IN_CREATE | syscall.IN_DELETE | syscall.IN_MODIFY | syscall.IN_CLOSE_WRITE |
	syscall.IN_MOVED_FROM | syscall.IN_MOVED_TO | syscall.IN_ATTRIB | syscall.IN_DELETE_SELF | syscall.IN_MOVE_SELF

// newNotifier returns nil where inotify cannot be used; Watch then polls.
func newNotifier() *notifier {
	fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC | syscall.IN_NONBLOCK)
	if err != nil {
		return nil
	}
	// A non-blocking descriptor gives a File that the runtime's poller
	// serves, so Close ends a pending Read.
	n := &notifier{fd: fd, f: os.NewFile(uintptr(fd), "inotify"), wake: make(chan struct{}, 1), watched: map[string]bool{}}
	go n.read()
	return n
}

func (n *notifier) read() {
	buf := make([]byte, 64<<10)
	for {
		k, err := n.f.Read(buf)
		if k > 0 {
			// Any event (an overflow too) means: list again.
			select {
			case n.wake <- struct{}{}:
			default:
			}
		}
		if err != nil && !errors.Is(err, syscall.EINTR) {
			return
		}
	}
}

// watch adds the folders of snap that are not watched yet and forgets the
// ones gone (the kernel drops their watches itself). It reports whether it
// added any: a file written into a new folder before its watch was added
// is then found by one more listing.
func (n *notifier) watch(dirs []string) (added bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	now := make(map[string]bool, len(dirs))
	for _, d := range dirs {
		now[d] = true
		if n.watched[d] {
			continue
		}
		if _, err := syscall.InotifyAddWatch(n.fd, d, watchMask); err == nil {
			added = true
		}
		n.watched[d] = true // not retried on failure: polling covers it
	}
	for d := range n.watched {
		if !now[d] {
			delete(n.watched, d)
		}
	}
	return added
}

func (n *notifier) close() { _ = n.f.Close() }
