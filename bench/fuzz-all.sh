#!/usr/bin/env bash
# Runs every fuzz target in the module for the given time each (default 10m).
#
#   bench/fuzz-all.sh [FUZZTIME]      JOBS=3 runs three targets at once,
#                                     each with one worker (-parallel 1).
# Prints one line per target (ok + execs, or FAIL + the tail of the output);
# a crasher is left in the package's testdata/fuzz for `go test` to replay.
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-10m}
jobs=${JOBS:-1}
CGO_ENABLED=${CGO_ENABLED:-0}
export CGO_ENABLED

list=$(mktemp)
trap 'rm -f "$list"' EXIT
go list -e -f '{{.ImportPath}} {{.Dir}}' ./... | while read -r pkg dir; do
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
    echo "$pkg $target" >>"$list"
  done
done
echo "# $(wc -l <"$list") fuzz targets, $t each, $jobs at a time"

one() {
  pkg=$1 target=$2 t=$3 par=$4
  start=$(date +%s)
  if out=$(go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$t" -parallel "$par" 2>&1); then
    printf '%-62s ok  %5ss  %s\n' "$pkg $target" "$(($(date +%s) - start))" \
      "$(echo "$out" | grep -o 'execs: [0-9]*' | tail -1)"
  else
    printf '%-62s FAIL\n' "$pkg $target"
    echo "$out" | tail -20 | sed 's/^/    /'
    return 1
  fi
}
export -f one

par=$([ "$jobs" -gt 1 ] && echo 1 || nproc)
xargs -P "$jobs" -L 1 bash -c 'one "$0" "$1" '"$t $par" <"$list"
