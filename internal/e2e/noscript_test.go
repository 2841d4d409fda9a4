package e2e

import (
	"context"

	"github.com/chromedp/cdproto/emulation"
)

// disableScripts turns JavaScript off for the page, as some visitors have it.
func disableScripts(ctx context.Context) error {
	return emulation.SetScriptExecutionDisabled(true).Do(ctx)
}
