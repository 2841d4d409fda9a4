package site

import (
	"strings"
	"sync/atomic"
)

// Progress counts the files of a build as they are written, so that a long
// build can say how far it is. It is safe for concurrent use; a nil
// *Progress counts nothing.
type Progress struct {
	total, done            atomic.Int64
	placards, placardsDone atomic.Int64
}

func (p *Progress) add(names []string) {
	if p == nil {
		return
	}
	p.total.Add(int64(len(names)))
}

func (p *Progress) addPlacards(n int) {
	if p == nil {
		return
	}
	p.placards.Add(int64(n))
}

func (p *Progress) finished(name string) {
	if p == nil {
		return
	}
	p.done.Add(1)
	if strings.HasPrefix(name, "placards/") && strings.HasSuffix(name, ".pdf") {
		p.placardsDone.Add(1)
	}
}

// Counts returns files written of files planned, and placards written of
// placards planned.
func (p *Progress) Counts() (done, total, placardsDone, placards int64) {
	return p.done.Load(), p.total.Load(), p.placardsDone.Load(), p.placards.Load()
}
