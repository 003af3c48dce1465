#!/usr/bin/env bash
# Everything `make test` checks, run inside .ci/desktop-session.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s  [%s]\n' "$*" "$(date +%T)"; }

# has_name NAME: is NAME owned on the session bus?
has_name() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q true
}

step "gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt would change:"; echo "$unformatted"; exit 1; fi

step "the core builds without cgo (no Fyne below the GUI)"
CGO_ENABLED=0 go build -o /dev/null ./cmd/tandemctl
CGO_ENABLED=0 go build -o /dev/null ./cmd/ccsim

step "go vet"
go vet ./...

step "go test -race (real Secret Service and notification daemon)"
if ! has_name org.freedesktop.secrets; then
  echo "the Secret Service is gone; starting gnome-keyring again"
  echo -n "tandem-ci" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
fi
TANDEM_REAL_KEYRING=1 TANDEM_REAL_NOTIFY=1 go test -race -count=1 -timeout 20m ./...

step "the patched Fyne event loop: Fyne's own GLFW driver tests and ours (build/fyne-idle-loop.patch)"
build/gui.sh --goflags >/dev/null
fyne_dir=$(ls -d bin/fyne-*-idle | head -1)
(cd "$fyne_dir" && GOFLAGS=-mod=mod go test -count=1 ./internal/driver/glfw/ ./internal/animation/ ./internal/svg/ && GOFLAGS=-mod=mod go test -count=1 -tags migrated_fynedo ./internal/async/ ./internal/cache/)

step "tandemctl drives a whole contact on the demo"
.ci/tandemctl-demo.sh

if [ -x .ci/gui-smoke.sh ]; then
  step "GUI smoke test under Xvfb"
  .ci/gui-smoke.sh
fi

if [ -x bench/run.sh ]; then
  step "bench harness, quick smoke (no thresholds)"
  QUICK=1 bench/run.sh
fi
echo
echo "all checks passed"
