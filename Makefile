# The one place that says how to build, test, fuzz and bench diachido.
GO      ?= go
BIN     := bin/diachido
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

.PHONY: build binary test check vet fmt lint clean

# Build the example site (site.yaml + content/ at the repository root) into output/.
build: binary
	./$(BIN) build -source . -output output

binary:
	$(GO) build -trimpath -ldflags "-X main.version=$(VERSION)" -o $(BIN) ./cmd/diachido

# Every test, with the race detector. Tests that need poppler-utils, zbar-tools
# or chromium skip with a message when those are missing (and fail under CI=true).
test:
	$(GO) test -race -count=1 ./...

# Validate the example site without writing.
check: binary
	./$(BIN) check -source .

vet:
	$(GO) vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

lint: vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

clean:
	rm -rf bin output .cache
