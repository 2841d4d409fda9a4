package browsertest

import (
	"context"
	"encoding/base64"

	"github.com/chromedp/cdproto/cdp"
)

// cdpCtx attaches the target executor so raw CDP commands can run from an
// event handler.
func cdpCtx(ctx context.Context, exec cdp.Executor) context.Context {
	return cdp.WithExecutor(ctx, exec)
}

func encode(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
