# The one place that says how to build, test, fuzz and bench diachido.
GO      ?= go
BIN     := bin/diachido
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: build binary test check vet fmt lint clean fuzz bench

# Build the example site (site.yaml + content/ at the repository root) into output/.
build: binary
	./$(BIN) build -source . -output output

binary:
	$(GO) build -trimpath -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/diachido

# Every test, with the race detector. Tests that need poppler-utils, zbar-tools
# or chromium skip with a message when those are missing (and fail under CI=true).
test:
	$(GO) test -race -count=1 -timeout 45m ./...

# Each fuzz target in turn for FUZZTIME (go test's -fuzz runs one target per
# package at a time). `make test` runs the same targets over their seed
# corpora (testdata/fuzz/<Name>/) as ordinary tests; a crasher found here is
# written there and becomes a seed: fix the bug and commit the file.
FUZZTIME ?= 30s
FUZZ_TARGETS := \
	./generator/content:FuzzSplitFrontMatter \
	./generator/content:FuzzSlugify \
	./generator/content:FuzzLocation \
	./generator/content:FuzzIsNFC \
	./generator/yamlx:FuzzDecodeFront \
	./generator/yamlx:FuzzDecodeMatchesStrict \
	./generator/markdown:FuzzRender \
	./generator/markdown:FuzzIDLinks \
	./generator/markdown:FuzzLinkifyShortcut \
	./generator/markdown:FuzzPrepare \
	./generator/media:FuzzParseVideo \
	./generator/site:FuzzMapPointJSON

fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "== $$name in $$pkg for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg; \
	done

# Validate the example site without writing.
check: binary
	./$(BIN) check -source .

vet:
	$(GO) vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

lint: vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# diachido against Hugo on ../shared/bench's synthetic corpus (1,000 and
# 10,000 entries): wall time, pages per second, peak memory, ratios; then
# 100,000 entries in vi, en and lo (cold, unchanged, one edit, what a visitor
# downloads, measured in Chromium); then 10,000 placards cold and cached.
# Needs hugo and GNU time (Debian packages); HUGO=/path/to/hugo adds a
# second Hugo (docs/performance.md says how to build 0.165.0).
bench:
	scripts/bench.sh
	$(GO) test -run XXX -bench . -benchmem ./generator/...

clean:
	rm -rf bin output .cache
