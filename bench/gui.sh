#!/usr/bin/env bash
# GUI figures for the bench report, from the real binary (build/gui.sh,
# the shipping build) under Xvfb in a throwaway desktop session (an
# unlocked keyring, dunst answering notifications):
#   - start-up to the desk's first frame and CPU while idle, on the
#     built-in demo;
#   - offer-to-pop through the GUI (bench/cmd/guipop): simulator writes the
#     offer -> the card first painted, and -> the notification sent, per
#     push vendor;
#   - memory idle and after N contacts through the GUI: PSS with the
#     software GL driver apart (mapped libraries, and its C heap from
#     heaptrack runs), the Go heap.
# Usage: bench/gui.sh   (QUICK=1: one vendor, 20 offers, short waits;
#        OFFERS=N per vendor instead of 1000: the full run takes ~45 min,
#        openscape's wrap-ups need the keyboard, ~1 s per offer)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${TANDEM_IN_DESKTOP_SESSION:-}" ]; then
  exec .ci/desktop-session.sh "$0" "$@"
fi
build/gui.sh bin/tandem
if [ -n "${QUICK:-}" ]; then
  idle=10 vendors=mitel offers=20 contacts=20 warm=5 memidle=5s settle=5s
else
  idle=${IDLE:-60} vendors=mitel,openscape,incontact,enreach offers=${OFFERS:-1000} contacts=500 warm=50 memidle=10s settle=90s
fi
home=$(mktemp -d)
log=$(mktemp)
HOME=$home XDG_CONFIG_HOME=$home/.config bin/tandem --profile Demo --demo-rate 0 -v 2>"$log" &
app=$!
trap 'kill $app 2>/dev/null || true; rm -rf "$home" "$log"' EXIT
for _ in $(seq 300); do grep -q "first frame" "$log" && break; sleep 0.05; done
startup=$(grep 'first frame' "$log" | grep -o 'startup=[^ ]*' | head -1 | cut -d= -f2) || true
sleep 8
if ! kill -0 "$app" 2>/dev/null; then
  echo "gui bench: tandem exited; its log:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
t0=$(awk '{print $14+$15}' /proc/$app/stat)
sleep "$idle"
t1=$(awk '{print $14+$15}' /proc/$app/stat)
kill $app 2>/dev/null || true
wait $app 2>/dev/null || true
printf '%-34s %s\n' "GUI start-up to first frame" "${startup:-?}"
printf '%-34s %.2f%% of one core over %ss\n' "GUI CPU idle (built-in demo)" "$(echo "($t1-$t0)/$idle" | bc -l)" "$idle"
echo
go run ./bench/cmd/guipop -bin bin/tandem -vendors "$vendors" -n "$offers" \
  -mem "$contacts" -mem-warm "$warm" -idle "$memidle" -settle "$settle"
