// Package themes embeds the default theme, so that the diachido binary needs
// nothing else to build a site: a volunteer downloads one file and runs it.
package themes

import (
	"embed"
	"io/fs"
)

//go:embed default
var files embed.FS

// Default returns the default theme: layouts/, i18n/, assets/ and static/.
func Default() fs.FS {
	sub, err := fs.Sub(files, "default")
	if err != nil {
		panic(err) // the embedded tree is fixed at compile time
	}
	return sub
}
