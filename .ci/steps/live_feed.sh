#!/usr/bin/env bash
# The live feed as a dashboard meets it: `nevbrain serve` with a WebSocket client (Python websockets) subscribed
# to /api/v1/live while `nevbrain simulate` drives vehicles into the gateway. The province's feed must show each
# simulated vehicle online and its state; a city user's feed only vehicles registered in that city (none here:
# the simulated VINs are not registered, so a city sees nothing). Then /metrics must count the committed reports.
# Needs NEVBRAIN_BIN and VENV.
set -euo pipefail
: "${NEVBRAIN_BIN:?}" "${VENV:?}"
T="$(mktemp -d)"
PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
HTTP_PORT="$(free_port)"
GW_PORT="$(free_port)"
STORE="sqlite:$T/live.sqlite"
"$VENV/bin/pip" install -q --disable-pip-version-check "websockets>=12"
PROVINCE="$("$NEVBRAIN_BIN" token create --role province --label live --store "$STORE" 2>/dev/null)"
CITY="$("$NEVBRAIN_BIN" token create --role city --city ningbo --label live --store "$STORE" 2>/dev/null)"
"$NEVBRAIN_BIN" serve --store "$STORE" --http-port "$HTTP_PORT" --gateway-port "$GW_PORT" --log-level warning &
PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

"$VENV/bin/python" - "$HTTP_PORT" "$PROVINCE" "$CITY" "$NEVBRAIN_BIN" "$GW_PORT" <<'PY'
import asyncio, json, subprocess, sys
import websockets

port, province, city, binary, gateway = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
VEHICLES = 5

async def collect(token, into, stop):
    url = f"ws://127.0.0.1:{port}/api/v1/live?access_token={token}"
    async with websockets.connect(url) as ws:
        while not stop.is_set():
            try:
                message = await asyncio.wait_for(ws.recv(), timeout=0.5)
            except asyncio.TimeoutError:
                continue
            into.append(json.loads(message))

async def main():
    seen_province, seen_city, stop = [], [], asyncio.Event()
    tasks = [asyncio.create_task(collect(province, seen_province, stop)),
             asyncio.create_task(collect(city, seen_city, stop))]
    await asyncio.sleep(1.0)  # both subscribed before any vehicle reports
    simulate = await asyncio.create_subprocess_exec(
        binary, "simulate", "--gateway", f"127.0.0.1:{gateway}", "--vehicles", str(VEHICLES),
        "--period", "1", "--duration", "5", "--edition", "mixed",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(simulate.communicate(), timeout=60)
    assert simulate.returncode == 0, f"simulate failed: {err.decode()}"
    await asyncio.sleep(1.5)  # the last batch committed and sent
    stop.set()
    await asyncio.gather(*tasks)
    kinds = {}
    for event in seen_province:
        kinds.setdefault(event["vin"], set()).add(event["kind"])
    online = [vin for vin, k in kinds.items() if "online" in k]
    with_state = [vin for vin, k in kinds.items() if "state" in k]
    failures = []
    if len(online) != VEHICLES: failures.append(f"province saw {len(online)} vehicles come online, want {VEHICLES}")
    if len(with_state) != VEHICLES: failures.append(f"province saw state of {len(with_state)} vehicles, want {VEHICLES}")
    states = [e for e in seen_province if e["kind"] == "state"]
    if any("report" not in e or "collectedAt" not in e["report"] for e in states):
        failures.append("a state event without its report")
    if seen_city: failures.append(f"a Ningbo city user saw {len(seen_city)} events of unregistered vehicles")
    passed = 4 - len(failures)
    for f in failures: print("FAIL:", f)
    print(f"live feed: province {len(seen_province)} events for {len(kinds)} vehicles, city {len(seen_city)}")
    print(f"{passed} passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)

asyncio.run(main())
PY
# The gateway's Prometheus series count what it committed.
curl -fsS "http://127.0.0.1:$HTTP_PORT/metrics" -o "$T/metrics.txt"
reports="$(awk '/^nevbrain_gateway_committed_total\{kind="report"\}/ {print $2}' "$T/metrics.txt")"
[[ -n "$reports" && "${reports%.*}" -gt 0 ]] || { echo "no committed reports in /metrics"; cat "$T/metrics.txt"; exit 1; }
echo "metrics: nevbrain_gateway_committed_total{kind=\"report\"} $reports"
kill -TERM "$PID"
wait "$PID" || { echo "serve did not stop cleanly"; exit 1; }
PID=""
echo "live_feed step: ok"
