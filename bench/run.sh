#!/usr/bin/env bash
# Tandem's measurement harness: one command, one report. QUICK=1 runs a
# smoke variant (small counts, no timing thresholds) for CI.
# Usage: bench/run.sh            (full: minutes)
#        QUICK=1 bench/run.sh    (smoke: about a minute)
#        NOGUI=1 bench/run.sh    (everything but the GUI part, bench/gui.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=${QUICK:-}
if [ -n "$quick" ]; then
  offers=20; contacts=30; idle=5s; soak=200; drops=3; silent=1; benchtime=100ms
else
  offers=1000; contacts=500; idle=60s; soak=5000; drops=50; silent=3; benchtime=2s
fi
mkdir -p bin
CGO_ENABLED=0 go build -o bin/tandemctl ./cmd/tandemctl
CGO_ENABLED=0 go build -o bin/ccsim ./cmd/ccsim
sims=$(go run ./bench/cmd/latency -list)
push=$(echo "$sims" | tr ' ' '\n' | grep -Ev '^(clarity)$' | paste -sd, -)

echo "# Tandem bench — $(date -u +%Y-%m-%dT%H:%MZ)"
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(go version | cut -d' ' -f3)"
[ -n "$quick" ] && echo "(QUICK smoke run: small counts, figures are not representative)"

echo; echo "## Go benchmarks (decoders and read paths)"
go test -run '^$' -bench . -benchmem -benchtime "$benchtime" ./vendors/... 2>/dev/null \
  | grep -E '^(Benchmark|ok|FAIL)' | grep -v '^ok' || true

echo; echo "## Offer-to-pop latency (simulator writes the offer -> a bare reader of the stream, the desk model, tandemctl's stdout line)"
go run ./bench/cmd/latency -vendors "$push" -n "$offers"

echo; echo "## tandemctl as a process (PSS, Go heap, idle CPU)"
go run ./bench/cmd/procstat -ctl bin/tandemctl -ccsim bin/ccsim -n "$contacts" -idle "$idle"

echo; echo "## Shift soak (demo, heap after GC, goroutines, fds)"
go run ./bench/cmd/soak -n "$soak" -every $((soak / 5))

echo; echo "## Chaos (drops, silent drops, recovery, lost/duplicated contacts)"
go run ./bench/cmd/chaos -vendors "$(echo "$sims" | tr ' ' ',')" -drops "$drops" -silent "$silent"

if [ -z "${NOGUI:-}" ] && [ -x bench/gui.sh ]; then
  echo; echo "## GUI (Xvfb, software GL)"
  bench/gui.sh
fi
