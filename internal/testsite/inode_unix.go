//go:build unix

package testsite

import (
	"io/fs"
	"syscall"
)

// Inode is a file's inode number: a file a build linked unchanged from the
// previous output has the previous file's.
func Inode(info fs.FileInfo) uint64 {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino)
	}
	return 0
}
