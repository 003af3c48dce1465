#!/usr/bin/env bash
# Runs every fuzz target in the module for the given time each (default 10m).
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-10m}
status=0
for pkg in $(go list ./...); do
  dir=$(go list -f '{{.Dir}}' "$pkg")
  for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
    printf '%-60s ' "$pkg $target"
    if out=$(go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$t" 2>&1); then
      echo "ok ($(echo "$out" | grep -o 'execs: [0-9]*' | tail -1))"
    else
      echo "FAIL"; echo "$out" | tail -20; status=1
    fi
  done
done
exit $status
