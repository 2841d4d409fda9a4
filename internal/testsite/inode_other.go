//go:build !unix

package testsite

import "io/fs"

// Inode is 0 where files have no inode numbers (the tests that compare
// them run on Linux).
func Inode(info fs.FileInfo) uint64 { return 0 }
