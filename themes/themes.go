package themes

// The package comment, the theme contract, is in doc.go.

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
