#!/usr/bin/env bash
# Runs a command inside a throwaway desktop session: Xvfb, a private D-Bus
# session bus, an unlocked gnome-keyring (Secret Service) in fresh folders,
# and dunst answering notifications. Nothing of the user's own session is
# touched. Usage: desktop-session.sh CMD [ARGS...]
set -euo pipefail
if [ -z "${TANDEM_IN_DESKTOP_SESSION:-}" ]; then
  export TANDEM_IN_DESKTOP_SESSION=1
  # Go finds its build cache through XDG_CACHE_HOME, which changes below:
  # pin it, or every run inside would rebuild Fyne's C parts from scratch.
  if command -v go >/dev/null; then export GOCACHE="${GOCACHE:-$(go env GOCACHE)}"; fi
  scratch=$(mktemp -d /tmp/tandem-desktop.XXXXXX)
  mkdir -p "$scratch/data" "$scratch/runtime" "$scratch/config" "$scratch/cache"
  chmod 700 "$scratch/runtime"
  export XDG_DATA_HOME="$scratch/data" XDG_RUNTIME_DIR="$scratch/runtime" XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache"
  export TANDEM_SCRATCH="$scratch"
  # A free display number.
  for n in $(seq 90 140); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
  done
  Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >"$scratch/xvfb.log" 2>&1 &
  xvfb=$!
  trap 'kill $xvfb 2>/dev/null || true; rm -rf "$scratch" 2>/dev/null || true' EXIT
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
  export DISPLAY="$display"
  status=0
  dbus-run-session -- "$0" "$@" || status=$?
  exit $status
fi
# Inside the bus: unlock a fresh keyring, start the notification daemon.
echo -n "tandem-ci" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
for _ in $(seq 50); do
  busctl --user status >/dev/null 2>&1 || true
  dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true && break
  sleep 0.1
done
dunst >"$TANDEM_SCRATCH/dunst.log" 2>&1 &
dunst_pid=$!
for _ in $(seq 50); do
  dbus-send --session --print-reply --dest=org.freedesktop.DBus / org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null | grep -q true && break
  sleep 0.1
done
status=0
"$@" || status=$?
kill "$dunst_pid" 2>/dev/null || true
exit $status
