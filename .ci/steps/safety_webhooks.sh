#!/usr/bin/env bash
# Safety monitoring end to end, with independent counterparts: `nevbrain serve` receives a simulated fleet with
# battery conditions and level-3 faults; a Python WebSocket client subscribed to the safety kinds of /api/v1/live,
# and a Python HTTP server registered as a webhook (it answers 500 to its first request, so the retry is exercised)
# must see the alarms and critical events that the API lists, each webhook request carrying a valid HMAC-SHA256
# signature. Needs NEVBRAIN_BIN and VENV.
set -euo pipefail
: "${NEVBRAIN_BIN:?}" "${VENV:?}"
T="$(mktemp -d)"
PID=""
trap '[[ -n "$PID" ]] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
HTTP_PORT="$(free_port)"
GW_PORT="$(free_port)"
HOOK_PORT="$(free_port)"
STORE="sqlite:$T/safety.sqlite"
"$VENV/bin/pip" install -q --disable-pip-version-check "websockets>=12"
PROVINCE="$("$NEVBRAIN_BIN" token create --role province --label safety --store "$STORE" 2>/dev/null)"
"$NEVBRAIN_BIN" serve --store "$STORE" --http-port "$HTTP_PORT" --gateway-port "$GW_PORT" --log-level warning &
PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

"$VENV/bin/python" - "$HTTP_PORT" "$PROVINCE" "$NEVBRAIN_BIN" "$GW_PORT" "$HOOK_PORT" <<'PY'
import asyncio, hashlib, hmac, json, sys, threading, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import websockets

port, token, binary, gateway, hook_port = sys.argv[1:6]
api = f"http://127.0.0.1:{port}"
received, lock = [], threading.Lock()

class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        with lock:
            received.append((dict(self.headers), body))
            first = len(received) == 1
        self.send_response(500 if first else 200)
        self.end_headers()
    def log_message(self, *args): pass

server = ThreadingHTTPServer(("127.0.0.1", int(hook_port)), Hook)
threading.Thread(target=server.serve_forever, daemon=True).start()

def call(method, path, body=None):
    request = urllib.request.Request(api + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")

hook = call("POST", "/api/v1/webhooks", {"url": f"http://127.0.0.1:{hook_port}/nev", "kinds": ["alarm", "critical_event"]})
secret = hook["secret"]

async def collect(into, stop):
    url = f"ws://127.0.0.1:{port}/api/v1/live?access_token={token}&kinds=alarm,critical_event"
    async with websockets.connect(url) as ws:
        while not stop.is_set():
            try:
                into.append(json.loads(await asyncio.wait_for(ws.recv(), timeout=0.5)))
            except asyncio.TimeoutError:
                continue

async def main():
    pushed, stop = [], asyncio.Event()
    task = asyncio.create_task(collect(pushed, stop))
    await asyncio.sleep(1.0)
    simulate = await asyncio.create_subprocess_exec(
        binary, "simulate", "--gateway", f"127.0.0.1:{gateway}", "--vehicles", "10", "--period", "5",
        "--duration", "50", "--edition", "2025", "--alarm-every", "5", "--level3-every", "5",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(simulate.communicate(), timeout=120)
    assert simulate.returncode == 0, f"simulate failed: {err.decode()}"
    await asyncio.sleep(4)  # the last batches recorded, the retries sent
    stop.set()
    await task
    return pushed

pushed = asyncio.run(main())
alarms = call("GET", "/api/v1/safety/alarms?limit=1000")["alarms"]
events = call("GET", "/api/v1/safety/events?limit=1000")["events"]
failures = []
if not alarms: failures.append("no alarm episodes listed")
if not events: failures.append("no critical event listed")
kinds = {(e["kind"], e["safety"]["change"]) for e in pushed}
if ("alarm", "opened") not in kinds: failures.append("no alarm.opened on the live feed")
if not any(k == "critical_event" for k, _ in kinds): failures.append("no critical_event on the live feed")
if any(e["kind"] not in ("alarm", "critical_event") for e in pushed): failures.append("kinds= not honoured")
pushed_ids = {e["safety"]["id"] for e in pushed if e["kind"] == "alarm"}
if not pushed_ids <= {a["id"] for a in alarms}: failures.append("an alarm pushed but not listed")
if events:
    timeline = call("GET", f"/api/v1/safety/events/{events[-1]['id']}/timeline")
    if not timeline["reports"]: failures.append("a critical event's timeline without reports")
bad_signatures, deliveries = 0, {}
with lock:
    for headers, body in received:
        expected = "sha256=" + hmac.new(secret.encode(), f"{headers['X-Nevbrain-Timestamp']}.{body}".encode(),
                                        hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, headers["X-Nevbrain-Signature"]): bad_signatures += 1
        deliveries.setdefault(headers["X-Nevbrain-Delivery"], []).append(json.loads(body)["event"])
if not received: failures.append("the webhook received nothing")
if bad_signatures: failures.append(f"{bad_signatures} webhook requests with a bad signature")
if not any(len(v) >= 2 for v in deliveries.values()): failures.append("the refused first delivery was not retried")
if not any(e.startswith("critical_event.") for v in deliveries.values() for e in v):
    failures.append("no critical event delivered to the webhook")
for f in failures: print("FAIL:", f)
print(f"safety: {len(alarms)} alarm episodes, {len(events)} critical events, {len(pushed)} live messages, "
      f"{len(received)} webhook requests for {len(deliveries)} deliveries")
print(f"{10 - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
PY
# Prometheus counts the alarms opened.
curl -fsS "http://127.0.0.1:$HTTP_PORT/metrics" -o "$T/metrics.txt"
grep -q '^nevbrain_safety_alarms_opened_total{' "$T/metrics.txt" || { echo "no alarm counters in /metrics"; exit 1; }
grep '^nevbrain_safety_' "$T/metrics.txt"
kill -TERM "$PID"
wait "$PID" || { echo "serve did not stop cleanly"; exit 1; }
PID=""  # stopped: the exit trap must not signal it again (a failing kill there would fail the step)
