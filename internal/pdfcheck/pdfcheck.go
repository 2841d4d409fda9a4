// Package pdfcheck validates PDF files for tests the way a print shop's
// preflight starts: pdfcpu in strict mode (the PDF 32000-1 object rules) and
// qpdf --check (file structure, cross-reference table, streams). Only tests
// import it, so pdfcpu never reaches the diachido binary.
package pdfcheck

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

var noConfigDir sync.Once

// Strict validates pdf with pdfcpu in strict mode.
func Strict(pdf []byte) error {
	// pdfcpu would otherwise write a configuration folder into the
	// user's home on first use.
	noConfigDir.Do(api.DisableConfigDir)
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationStrict
	if err := api.Validate(bytes.NewReader(pdf), conf); err != nil {
		return fmt.Errorf("pdfcpu validate -mode strict: %w", err)
	}
	return nil
}

// QPDF runs qpdf --check on the file at path. Warnings (exit status 3)
// count as failures: a print shop's tools see the same problems.
func QPDF(path string) error {
	out, err := exec.Command("qpdf", "--check", path).CombinedOutput()
	if err != nil || strings.Contains(string(out), "WARNING") {
		return fmt.Errorf("qpdf --check %s: %v\n%s", path, err, out)
	}
	return nil
}

// PageContents returns the decoded content stream of every page of pdf.
func PageContents(pdf []byte) ([][]byte, error) {
	noConfigDir.Do(api.DisableConfigDir)
	ctx, err := api.ReadContext(bytes.NewReader(pdf), model.NewDefaultConfiguration())
	if err != nil {
		return nil, err
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return nil, err
	}
	if ctx.PageCount == 0 {
		return nil, errors.New("no pages")
	}
	out := make([][]byte, ctx.PageCount)
	for i := range out {
		d, _, _, err := ctx.PageDict(i+1, false)
		if err != nil {
			return nil, err
		}
		if out[i], err = ctx.PageContent(d, i+1); err != nil {
			return nil, err
		}
	}
	return out, nil
}
