#!/usr/bin/env bash
# T/CEC 102 exchange against an operator platform written independently in Python (Tests/Interop/tcec_operator.py:
# AES from the `cryptography` package, HMAC-MD5 from hmac). The province admits the operator over the API; the
# operator pushes a station and connector status (and every failure code must come back as the standard says);
# then it serves its catalogue and status while nevbrain pulls, and the registry API must show both.
# Needs NEVBRAIN_BIN and VENV.
set -euo pipefail
: "${NEVBRAIN_BIN:?}" "${VENV:?}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
T="$(mktemp -d)"
PID=""
OP_PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; [[ -n "$OP_PID" ]] && kill "$OP_PID" 2>/dev/null; rm -rf "$T"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
"$VENV/bin/pip" install -q --disable-pip-version-check "cryptography>=42"

STORE="sqlite:$T/tcec.sqlite"
HTTP_PORT="$(free_port)"
OP_PORT="$(free_port)"
TOKEN="$("$NEVBRAIN_BIN" token create --role province --label tcec --store "$STORE" 2>/dev/null)"
NEVBRAIN_TCEC_PULL_MINUTES=0 "$NEVBRAIN_BIN" serve --store "$STORE" --http-port "$HTTP_PORT" --no-gateway --log-level warning &
PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
API="http://127.0.0.1:$HTTP_PORT"
AUTH=(-H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")

# Admit the operator; the answer carries the secrets it calls us with.
curl -fsS "${AUTH[@]}" -X POST "$API/api/v1/tcec/operators" -d '{"operatorId":"MA0TCEC01","name":"互联互通测试运营商"}' > "$T/admitted.json"
read -r OS DS IV SS < <("$VENV/bin/python" -c 'import json,sys; s=json.load(open(sys.argv[1]))["inbound"]; print(s["operatorSecret"], s["dataSecret"], s["dataSecretIV"], s["sigSecret"])' "$T/admitted.json")

echo "== pushes from the operator"
"$VENV/bin/python" "$ROOT/Tests/Interop/tcec_operator.py" push --platform "$API/evcs/v20160701" \
    --operator-id MA0TCEC01 --operator-secret "$OS" --data-secret "$DS" --data-secret-iv "$IV" --sig-secret "$SS" \
    --station-id PYPUSH01 | tee "$T/push.json"
curl -fsS "${AUTH[@]}" "$API/api/v1/charging/stations/PYPUSH01" > "$T/pushed.json"
"$VENV/bin/python" - "$T/pushed.json" <<'PY'
import json, sys
station = json.load(open(sys.argv[1]))
connectors = {c["id"]: c["status"] for e in station["equipment"] for c in e["connectors"]}
assert station["operatorId"] == "MA0TCEC01", station["operatorId"]
# A connector no push has reported on stays 0 (offline: the platform has not heard of it).
assert connectors == {"PYPUSH01-E1-1": 3, "PYPUSH01-E1-2": 0}, connectors
print("pushed station in the registry:", connectors)
PY

echo "== pulls from the operator"
"$VENV/bin/python" "$ROOT/Tests/Interop/tcec_operator.py" serve --port "$OP_PORT" --operator-id MA0TCEC01 \
    --operator-secret issued-to-platform --data-secret 0123456789ABCDEF --data-secret-iv FEDCBA9876543210 \
    --sig-secret operator-sig-key --stations 120 --connectors 2 &
OP_PID=$!
for _ in $(seq 1 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $OP_PORT), 0.2)" 2>/dev/null && break; sleep 0.1; done
curl -fsS "${AUTH[@]}" -X PATCH "$API/api/v1/tcec/operators/MA0TCEC01" -d "{\"baseUrl\":\"http://127.0.0.1:$OP_PORT/evcs/v20160701\",\"outbound\":{\"operatorSecret\":\"issued-to-platform\",\"dataSecret\":\"0123456789ABCDEF\",\"dataSecretIV\":\"FEDCBA9876543210\",\"sigSecret\":\"operator-sig-key\"}}" >/dev/null
curl -fsS "${AUTH[@]}" -X POST "$API/api/v1/tcec/operators/MA0TCEC01/pull" | tee "$T/pull.json"; echo
curl -fsS "${AUTH[@]}" "$API/api/v1/charging/stations/PY0007" > "$T/pulled.json"
"$VENV/bin/python" - "$T/pull.json" "$T/pulled.json" <<'PY'
import json, sys
pull = json.load(open(sys.argv[1]))
assert pull == {"stations": 120, "connectors": 240, "statuses": 240, "unknownConnectors": 0}, pull
station = json.load(open(sys.argv[2]))
connectors = {c["id"]: c["status"] for e in station["equipment"] for c in e["connectors"]}
assert connectors == {"PY0007-E1-1": 3, "PY0007-E1-2": 1}, connectors
print("pulled catalogue and status in the registry")
PY
curl -fsS "$API/metrics" | grep -q 'nevbrain_tcec_requests_total{interface="notification_stationStatus",ret="4002"}' \
    || { echo "metrics do not count the refused push"; exit 1; }

kill "$OP_PID"; wait "$OP_PID" 2>/dev/null || true; OP_PID=""
kill -TERM "$PID"; wait "$PID" || { echo "serve did not stop cleanly"; exit 1; }
PID=""
echo "T/CEC exchange: pushes and pulls verified"
