#!/usr/bin/env bash
# The GB/T 32960 gateway as an independent client meets it (Tests/Interop/gateway_client.py): frames built by
# rtm_con 1.0.4 in both editions, vehicles (login, realtime, reissue, heartbeat, time sync, logout) and an OEM
# platform (platform login, 50 forwarded VINs per edition, a VIN not its own, platform logout); every reply checked
# byte for byte against one computed from the standard, then the exact rows in SQLite after a graceful stop.
# Needs NEVBRAIN_BIN and VENV (a Python venv with pip).
set -euo pipefail
: "${NEVBRAIN_BIN:?NEVBRAIN_BIN must point to the nevbrain binary}" "${VENV:?VENV must point to a Python venv}"
T="$(mktemp -d)"
PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
HTTP_PORT="$(free_port)"
GW_PORT="$(free_port)"
STORE="sqlite:$T/x.sqlite"
START=$SECONDS

"$VENV/bin/pip" install -q --disable-pip-version-check "rtm-con==1.0.4"
TOKEN="$("$NEVBRAIN_BIN" token create --role province --label gateway-client --store "$STORE" 2>/dev/null)"
"$NEVBRAIN_BIN" serve --store "$STORE" --http-port "$HTTP_PORT" --gateway-port "$GW_PORT" --log-level warning &
PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

"$VENV/bin/python" Tests/Interop/gateway_client.py run --nevbrain "$NEVBRAIN_BIN" --store "$STORE" \
    --http-port "$HTTP_PORT" --gateway-port "$GW_PORT" --token "$TOKEN" --state "$T/state.json" || true

kill -TERM "$PID"
status=0
wait "$PID" || status=$?
PID=""
"$VENV/bin/python" Tests/Interop/gateway_client.py verify --store "$STORE" --state "$T/state.json" \
    --serve-status "$status"
echo "gateway_client step: ok ($((SECONDS - START)) s)"
