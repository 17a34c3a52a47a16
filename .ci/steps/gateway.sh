#!/usr/bin/env bash
# The GB/T 32960 gateway as a vehicle meets it: `nevbrain serve` with an independent client (Python sockets)
# sending published frames; replies must equal the published acks byte for byte, and reports must be in the
# store after a graceful stop. Needs NEVBRAIN_BIN and SHARED.
set -euo pipefail
: "${NEVBRAIN_BIN:?}" "${SHARED:?}"
FRAMES="$SHARED/testdata/gb32960/frames.json"
[[ -f "$FRAMES" ]] || { echo "gateway step SKIPPED: $FRAMES is absent"; exit 0; }
T="$(mktemp -d)"
PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
HTTP_PORT="$(free_port)"
GW_PORT="$(free_port)"

"$NEVBRAIN_BIN" serve --store "sqlite:$T/gw.sqlite" --http-port "$HTTP_PORT" --gateway-port "$GW_PORT" \
    --log-level warning &
PID=$!
python3 - "$FRAMES" "$GW_PORT" <<'PY'
import json, socket, sys, time
frames = {f["id"]: bytes.fromhex(f["hex"]) for f in json.load(open(sys.argv[1]))}
port = int(sys.argv[2])
for _ in range(100):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("gateway did not start listening")

def read(n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data

def expect(sent, want, what):
    s.sendall(sent)
    got = read(len(want))
    assert got == want, f"{what}: got {got.hex()}, want {want.hex()}"

# 2016 login (#7) is answered with the published time-only ack (#31).
expect(frames[7], frames[31], "2016 login reply")
# Reports get no reply; two in one write.
s.sendall(frames[9] + frames[10])
# A heartbeat is answered: flag 0x01, same header, empty data unit, BCC recomputed.
hb = bytearray(frames[48]); hb[3] = 0x01; hb[-1] = 0
for b in hb[2:-1]: hb[-1] ^= b
expect(frames[48], bytes(hb), "heartbeat reply")
s.close()

# 2025 login (#5) on its own connection is answered with the published 2025 ack (#32).
s = socket.create_connection(("127.0.0.1", port), timeout=5)
expect(frames[5], frames[32], "2025 login reply")
s.close()
print("gateway: 2016 and 2025 login replies equal the published acks, heartbeat answered")
PY
kill -TERM "$PID"
wait "$PID" || { echo "serve did not stop cleanly"; exit 1; }
PID=""
rows="$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from telemetry where vin = ?", ("HAUV4BGN6S5002219",)).fetchone()[0])' "$T/gw.sqlite")"
[[ "$rows" == "2" ]] || { echo "want 2 stored reports, found $rows"; exit 1; }
echo "gateway step: replies byte for byte, 2 reports stored, graceful stop: ok"
