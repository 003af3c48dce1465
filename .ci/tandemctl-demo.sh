#!/usr/bin/env bash
# Drives tandemctl on the built-in demo through a whole contact, as a
# script of a support engineer would: offer, answer, hold, retrieve,
# consult, complete transfer, wrap-up with code and notes, not ready with
# a reason, ready, logout. Each step must show up as its JSON event.
# Usage: tandemctl-demo.sh [path/to/tandemctl]
set -euo pipefail
bin=${1:-}
if [ -z "$bin" ]; then
  bin=$(mktemp -d)/tandemctl
  CGO_ENABLED=0 go build -o "$bin" ./cmd/tandemctl
fi
log=$(mktemp)
coproc CTL { "$bin" --vendor demo --option rate=0.5 2>&1; }
# bash unsets CTL and CTL_PID when the coprocess ends: keep copies.
pid=$CTL_PID out=${CTL[0]} in=${CTL[1]}
trap 'kill $pid 2>/dev/null || true' EXIT

# expect PATTERN...: read lines until one matches every pattern (grep -E).
expect() {
  local line ok p
  while IFS= read -r -t 20 line <&"$out"; do
    echo "$line" >>"$log"
    ok=1
    for p in "$@"; do echo "$line" | grep -Eq -- "$p" || { ok=0; break; }; done
    if [ $ok = 1 ]; then LAST=$line; return 0; fi
  done
  echo "FAIL: no line matching: $*" >&2
  tail -n 20 "$log" >&2
  exit 1
}
send() { echo "$1" >&"$in"; }
field() { echo "$LAST" | sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/"; }

expect '"type":"connection"' '"status":"connected"'
expect '"type":"contact"' '"status":"offered"' '"name":"[^"]+' '"queue":"[^"]+'
id=$(field id)
echo "offered: $id from $(field from)"
send '{"id":1,"cmd":"answer","contact":"'$id'"}';    expect '"type":"contact"' "\"id\":\"$id\"" '"status":"connected"'
send '{"id":2,"cmd":"hold","contact":"'$id'"}';      expect '"type":"contact"' "\"id\":\"$id\"" '"status":"held"'
send '{"id":3,"cmd":"retrieve","contact":"'$id'"}';  expect '"type":"contact"' "\"id\":\"$id\"" '"status":"connected"'
send '{"id":4,"cmd":"consult","contact":"'$id'","to":"2002"}'
expect '"type":"contact"' "\"related\":\"$id\"" '"status":"connected"'
send '{"id":5,"cmd":"complete_transfer","contact":"'$id'"}'; expect '"type":"contact"' "\"id\":\"$id\"" '"status":"wrap_up"'
send '{"id":6,"cmd":"wrapup","contact":"'$id'","code":"1","notes":"sold"}'
expect '"type":"contact"' "\"id\":\"$id\"" '"status":"ended"' '"notes":"sold"'
send '{"id":7,"cmd":"not_ready","reason":"11"}';     expect '"type":"state"' '"state":"not_ready"' '"label":"Lunch"'
send '{"id":8,"cmd":"ready"}';                       expect '"type":"state"' '"state":"ready"'
send '{"id":9,"cmd":"fly"}';                         expect '"type":"result"' '"id":9' '"ok":false'
exec {in}>&-   # stdin closed: log out and exit 0
expect '"type":"state"' '"state":"logged_out"'
wait $pid
echo "tandemctl demo script: ok"
