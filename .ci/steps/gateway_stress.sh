#!/usr/bin/env bash
# The GB/T 32960 gateway under abuse and crashes (Tests/Interop/gateway_stress.py): (a) 240 malformed connections
# and 40 silent ones while 20 good vehicles report and heart-beat (heartbeats answered within 2 s, every good report
# stored exactly once, the server stays up); (b) kill -9 while 50 vehicles stream, then restart on the same store
# (integrity, no loss of what was committed, no duplicates, nothing that was not sent, the gateway works again).
# Needs NEVBRAIN_BIN and VENV (a Python venv with pip). Well under 60 s.
set -euo pipefail
: "${NEVBRAIN_BIN:?NEVBRAIN_BIN must point to the nevbrain binary}" "${VENV:?VENV must point to a Python venv}"
T="$(mktemp -d)"
# The script appends the PID of every serve it starts to $T/pids; kill any still running, by PID.
cleanup() {
    if [[ -f "$T/pids" ]]; then
        while read -r pid; do
            # only if that PID is still one of our serve processes
            grep -qa serve "/proc/$pid/cmdline" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
        done <"$T/pids"
    fi
    rm -rf "$T"
}
trap cleanup EXIT
START=$SECONDS

"$VENV/bin/pip" install -q --disable-pip-version-check "rtm-con==1.0.4"
status=0
"$VENV/bin/python" Tests/Interop/gateway_stress.py --nevbrain "$NEVBRAIN_BIN" --workdir "$T" --pid-file "$T/pids" \
    --seed 32960 || status=$?
if [[ "$status" != "0" ]]; then
    for log in "$T"/*-serve.log; do [[ -s "$log" ]] && { echo "--- last lines of $log"; tail -n 20 "$log"; }; done
    exit "$status"
fi
echo "gateway_stress step: ok ($((SECONDS - START)) s)"
