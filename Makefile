# Tandem: the two commands a newcomer needs are `make run` and `make test`.
GO ?= go

.PHONY: run test deps build ctl ccsim vet fuzz bench package

## run: open Tandem on the built-in demo contact center
run: deps
	build/gui.sh bin/tandem && bin/tandem

## test: vet and every test (race detector), real keyring, notification
## daemon and GUI smoke test inside a throwaway desktop session
test: deps
	.ci/desktop-session.sh .ci/test-all.sh

## deps: install the Debian packages the build and tests need (only missing ones)
deps:
	@.ci/install-deps.sh

## build: every command into bin/ (the GUI with its shipping flags: build/gui.sh)
build: deps
	CGO_ENABLED=0 $(GO) build -o bin/ ./cmd/tandemctl ./cmd/ccsim
	build/gui.sh bin/tandem

## ctl / ccsim: the headless tools build without cgo
ctl:
	CGO_ENABLED=0 $(GO) build -o bin/tandemctl ./cmd/tandemctl

ccsim:
	CGO_ENABLED=0 $(GO) build -o bin/ccsim ./cmd/ccsim

vet: deps
	$(GO) vet ./...

## fuzz: every fuzz target for FUZZTIME each (default 10m)
FUZZTIME ?= 10m
fuzz:
	bench/fuzz-all.sh $(FUZZTIME)

## bench: the measurement harness (see bench/README.md); QUICK=1 for a smoke run
bench: deps
	bench/run.sh

## package: an installable Linux archive of the GUI
package: deps
	GOFLAGS="$$(build/gui.sh --goflags)" $(GO) tool fyne package -os linux --tags "$$(build/gui.sh --tags)" --src cmd/tandem --icon ../../assets/icon.png
