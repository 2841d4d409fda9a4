package site

import (
	"os"
	"syscall"
)

// inode is a file's inode number: a file a build linked unchanged from the
// previous output has the previous file's.
func inode(info os.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return st.Ino
	}
	return 0
}
