# cudoscan: common tasks. Everything here runs on a fresh machine with Go.

GO           ?= go
STATICCHECK  ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
FUZZTIME     ?= 30s
.PHONY: all build install test race bench lint vet fuzz scan scan-goroot bench-compare bench-smoke release snapshot golangci-plugin ci

all: lint test

build:
	$(GO) build -o bin/ ./cmd/...

install:
	$(GO) install ./cmd/...

test:
	$(GO) test ./...

race:
	$(GO) test -race -short ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./rules/ ./scanner/...

lint:
	@unformatted="$$(gofmt -l .)"; if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

# Every fuzz target, one after the other, FUZZTIME each: go test fuzzes one
# target per run. PACKAGE:TARGET pairs.
FUZZ_TARGETS = ./rules:FuzzFind ./rules:FuzzFindEncoded ./rules:FuzzDecodeBase64 \
	./rules:FuzzDecodeHex ./rules:FuzzDecodePercent ./rules:FuzzDecodeEscapes \
	./scanner/gitscan:FuzzParseRaw ./scanner/gitscan:FuzzLogWalker \
	./internal/gitpack:FuzzApplyDelta ./internal/gitpack:FuzzReadEntry ./internal/inflate:FuzzInto \
	./config:FuzzParse ./verify:FuzzParseErrorBody

fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "== $${t#*:} ($${t%%:*}, $(FUZZTIME))"; \
		$(GO) test "$${t%%:*}" -run '^$$' -fuzz "^$${t#*:}$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 10s; \
	done

# The project scans itself and must come out clean (.cudoscan.yaml
# excludes its fixtures).
scan:
	$(GO) run ./cmd/cudoscan scan .


# cudovet over this repository, as go vet runs it: it reads the same
# .cudoscan.yaml as 'make scan', so the fixtures it excludes and the
# malformed headers its tests spell out on purpose are not reported.
vet:
	$(GO) build -o bin/cudovet ./cmd/cudovet
	$(GO) vet -vettool="$(CURDIR)/bin/cudovet" ./...

# The Go source tree has thousands of bare 64-hex strings and no CUDO keys.
scan-goroot:
	$(GO) run ./cmd/cudoscan scan "$$($(GO) env GOROOT)/src"

# Benchmark harness (issue 7; bench/README.md): cudoscan against gitleaks
# and ripgrep, with detection checks. BENCHFLAGS: e.g. --work DIR --no-cold.
BENCHFLAGS ?=

bench-compare:
	./bench/compare.sh $(BENCHFLAGS)

# The same harness on tiny corpora in seconds; CI runs it.
bench-smoke:
	./bench/compare.sh --smoke

# Release archives in dist/: cudoscan and cudovet for linux, darwin and
# windows on amd64 and arm64, static, stamped with VERSION, with SHA256SUMS;
# reproducible from the commit. VERSION needs its section in CHANGELOG.md.
# Then tag the commit (git tag VERSION) so that go install ...@VERSION
# builds the same code.
release:
	@[ -n "$(VERSION)" ] || { echo "usage: make release VERSION=v1.2.3"; exit 2; }
	$(GO) run ./internal/tools/release -version "$(VERSION)"

# The same archives as v0.0.0-snapshot, without a CHANGELOG section: CI
# builds it, to keep the release path working between releases.
snapshot:
	$(GO) run ./internal/tools/release -snapshot

# golangci-lint v2 built with the cudovet plugin from the README's
# .custom-gcl.yml, run with its .golangci.yml (HEAD's commit).
golangci-plugin:
	./.ci/golangci-plugin

ci:
	./.ci/run
