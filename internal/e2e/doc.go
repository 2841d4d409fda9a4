// Package e2e holds end-to-end tests: the example site is built as `make
// build` would, served on 127.0.0.1 and opened in headless Chromium at a
// phone's size. Set SHOTS=dir to keep the screenshots for a look.
package e2e
