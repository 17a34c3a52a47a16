#!/usr/bin/env bash
# OCPP 1.6J central system against a real charge point: the python `ocpp` package (2.1.0) over websockets drives
# Tests/Interop/ocpp_charge_point.py against `nevbrain serve` (boot, status, authorise, a full transaction with meter
# values checked through the API, rejected id tags, a wrong password refused, remote start/stop answered, malformed
# frames answered with CALLERROR on a connection kept open), then the same boot over wss:// (security profile 2) on
# a second server started with --http-tls-cert/--http-tls-key and a throwaway self-signed certificate.
# Needs NEVBRAIN_BIN and VENV.
set -euo pipefail
: "${NEVBRAIN_BIN:?}" "${VENV:?}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
T="$(mktemp -d)"
PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
"$VENV/bin/pip" install -q --disable-pip-version-check "ocpp==2.1.0" "websockets>=14"

stop_server() {
    kill -TERM "$PID"
    wait "$PID" || { echo "serve did not stop cleanly"; exit 1; }
    PID=""  # stopped: the exit trap must not signal it again (a failing kill there would fail the step)
}

# Plain ws:// (security profile 1: HTTP Basic).
STORE="sqlite:$T/ocpp.sqlite"
HTTP_PORT="$(free_port)"
TOKEN="$("$NEVBRAIN_BIN" token create --role province --label ocpp --store "$STORE" 2>/dev/null)"
NEVBRAIN_BCRYPT_COST=4 "$NEVBRAIN_BIN" serve --store "$STORE" --http-port "$HTTP_PORT" --no-gateway --log-level warning &
PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
"$VENV/bin/python" "$ROOT/Tests/Interop/ocpp_charge_point.py" \
    --url "ws://127.0.0.1:$HTTP_PORT/ocpp" --api "http://127.0.0.1:$HTTP_PORT" --token "$TOKEN"
stop_server

# wss:// (security profile 2: TLS + HTTP Basic).
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$T/key.pem" -out "$T/cert.pem" 2>/dev/null
STORE="sqlite:$T/ocpp-tls.sqlite"
HTTP_PORT="$(free_port)"
TOKEN="$("$NEVBRAIN_BIN" token create --role province --label ocpp --store "$STORE" 2>/dev/null)"
NEVBRAIN_BCRYPT_COST=4 "$NEVBRAIN_BIN" serve --store "$STORE" --http-port "$HTTP_PORT" --no-gateway --log-level warning \
    --http-tls-cert "$T/cert.pem" --http-tls-key "$T/key.pem" &
PID=$!
for _ in $(seq 1 100); do curl -fs --cacert "$T/cert.pem" "https://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/healthz" || true)"
[[ "$status" != "200" ]] || { echo "plain HTTP answered on the TLS port"; exit 1; }
SSL_CERT_FILE="$T/cert.pem" "$VENV/bin/python" "$ROOT/Tests/Interop/ocpp_charge_point.py" --tls-only --ca "$T/cert.pem" \
    --url "wss://127.0.0.1:$HTTP_PORT/ocpp" --api "https://127.0.0.1:$HTTP_PORT" --token "$TOKEN"
stop_server
echo "ocpp: python ocpp 2.1.0 charge point over ws:// and wss:// passed"
