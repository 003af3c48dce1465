#!/usr/bin/env bash
# GUI figures for the bench report: start-up to the desk's first frame,
# PSS (with the software GL driver's share apart: a desktop with a GPU
# does not load it), the Go heap, and CPU while idle on the demo. Runs the
# real binary under Xvfb in a throwaway desktop session.
# Usage: bench/gui.sh   (IDLE=60 seconds by default; QUICK=1 uses 10)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${TANDEM_IN_DESKTOP_SESSION:-}" ]; then
  exec .ci/desktop-session.sh "$0" "$@"
fi
mkdir -p bin
go build -o bin/tandem ./cmd/tandem
idle=${IDLE:-60}
[ -n "${QUICK:-}" ] && idle=10
export HOME=$(mktemp -d)
log=$(mktemp)
T0=$(date +%s%N)
TANDEM_DEBUG_MEMSTATS=5 bin/tandem --profile Demo --demo-rate 0 -v 2>"$log" &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
for _ in $(seq 300); do grep -q "first frame" "$log" && break; sleep 0.05; done
startup=$(grep 'first frame' "$log" | grep -o 'startup=[^ ]*' | head -1 | cut -d= -f2) || true
sleep 8
if ! kill -0 "$app" 2>/dev/null; then
  echo "gui bench: tandem exited; its log:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
# PSS by mapping: the GL driver is libGL*, libgallium*, swrast/dri, LLVM, glapi, drm.
read -r total gl < <(awk '
  /^[0-9a-f]+-[0-9a-f]+ / { name = $6 }
  /^Pss:/ { pss = $2; t += pss; if (name ~ /(libGL|libgallium|swrast|_dri\.so|libLLVM|libglapi|libdrm|libEGL|libgbm)/) g += pss }
  END { print t, g }' /proc/$app/smaps)
t0=$(awk '{print $14+$15}' /proc/$app/stat)
sleep "$idle"
t1=$(awk '{print $14+$15}' /proc/$app/stat)
heap=$(grep memstats "$log" | tail -1 | grep -o 'heap_inuse_kb=[0-9]*' | cut -d= -f2) || true
printf '%-34s %s\n' "GUI start-up to first frame" "${startup:-?}"
printf '%-34s %.1f MB\n' "GUI PSS total" "$(echo "$total/1024" | bc -l)"
printf '%-34s %.1f MB\n' "GUI PSS of the software GL driver" "$(echo "$gl/1024" | bc -l)"
printf '%-34s %.1f MB\n' "GUI PSS without the GL driver" "$(echo "($total-$gl)/1024" | bc -l)"
printf '%-34s %.1f MB\n' "GUI Go heap in use" "$(echo "${heap:-0}/1024" | bc -l)"
printf '%-34s %.2f%% of one core over %ss\n' "GUI CPU idle" "$(echo "($t1-$t0)/$idle" | bc -l)" "$idle"
