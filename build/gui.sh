#!/usr/bin/env bash
# Builds the desktop app the way it ships. One place for the GUI's build
# flags, used by make, the smoke test, the bench and packaging.
#
#   build/gui.sh [OUTPUT]   build cmd/tandem (default bin/tandem)
#   build/gui.sh --goflags  print the -modfile flag, for GOFLAGS (fyne package)
#   build/gui.sh --tags     print the build tags, for fyne package --tags
#
#   -tags no_emoji  Fyne's bundled colour-emoji font costs 12 MB of Go heap
#                   (parsed once per text style) and 4 MB of binary; the
#                   desktop's own emoji font still draws emoji through
#                   Fyne's system-font fallback.
#   -tags migrated_fynedo  Tandem calls Fyne only on its main goroutine
#                   (fyne.Do); the tag drops Fyne's per-call thread checks,
#                   as `fyne package` does for FyneApp.toml's fyneDo = true.
#   -modfile        go.mod plus a replace of Fyne by a copy patched with
#                   build/fyne-idle-loop.patch (an idle main loop: 2 % of a
#                   core idle before, see that file). go.mod itself, tests
#                   and `go run ./cmd/tandem` keep the stock Fyne.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
patchfile=build/fyne-idle-loop.patch

# patched_fyne prepares bin/fyne-<version>-idle once per patch content and
# writes bin/fyne-idle.mod (+ .sum) pointing at it.
patched_fyne() {
  local version src dst stamp
  version=$(go list -m -f '{{.Version}}' fyne.io/fyne/v2)
  src=$(go mod download -json fyne.io/fyne/v2@"$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  dst=$root/bin/fyne-$version-idle
  stamp=$(sha256sum "$patchfile" | cut -c1-16)
  if [ "$(cat "$dst/.tandem-patch" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$dst" "$dst.tmp"
    mkdir -p "$root/bin"
    cp -r "$src" "$dst.tmp"
    chmod -R u+w "$dst.tmp"
    patch -s -p1 -d "$dst.tmp" <"$patchfile"
    echo "$stamp" >"$dst.tmp/.tandem-patch"
    mv "$dst.tmp" "$dst"
  fi
  { cat go.mod; echo; echo "replace fyne.io/fyne/v2 => $dst"; } >bin/fyne-idle.mod
  cp go.sum bin/fyne-idle.sum
}

tags=no_emoji,migrated_fynedo
case "${1:-}" in
--tags) echo "$tags"; exit 0 ;;
esac
patched_fyne
modfile="-modfile=$root/bin/fyne-idle.mod"
case "${1:-}" in
--goflags) echo "$modfile"; exit 0 ;;
esac
out=${1:-bin/tandem}
mkdir -p "$(dirname "$out")"
go build "$modfile" -tags "$tags" -o "$out" ./cmd/tandem
