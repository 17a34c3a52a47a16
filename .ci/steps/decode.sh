#!/usr/bin/env bash
# `nevbrain decode` as a user runs it: hex arguments, stdin lines, a raw capture with junk, --strict,
# --reencode, and the model round trip through --from-json. Needs NEVBRAIN_BIN and SHARED (the frames).
set -euo pipefail
: "${NEVBRAIN_BIN:?}" "${SHARED:?}"
FRAMES="$SHARED/testdata/gb32960/frames.json"
[[ -f "$FRAMES" ]] || { echo "decode step SKIPPED: $FRAMES is absent"; exit 0; }
T="$(mktemp -d)"
trap 'rm -rf "$T"' EXIT

frame() { python3 -c "import json,sys; print(json.load(open('$FRAMES'))[int(sys.argv[1])]['hex'])" "$1"; }
F2="$(frame 2)"   # 2016 production realtime, 104 cells
F3="$(frame 3)"   # 2025 production realtime with an SM2 signature
F66="$(frame 66)" # encryption byte 0x00: lenient tags it, strict rejects it

# Arguments: one line per frame, physical values as the frame's source states them.
"$NEVBRAIN_BIN" decode "$F2" >"$T/one.jsonl"
python3 - "$T/one.jsonl" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
assert len(lines) == 1, lines
m = json.loads(lines[0])
assert (m["edition"], m["command"], m["vin"]) == ("2016", "realtime_report", "H3V21AA24RZ016158"), m
assert m["collection_time"] == "2026-07-07T06:55:04+08:00", m["collection_time"]
v = m["body"]["units"][0]
assert (v["speed_kmh"], v["odometer_km"], v["total_voltage_v"], v["total_current_a"], v["soc_percent"]) == (4.8, 93266, 341.7, 2.5, 50), v
cells = next(u for u in m["body"]["units"] if u["name"] == "cell_voltages")["subsystems"][0]
assert cells["current_a"] == 2.5 and len(cells["cell_voltages_v"]) == 104, cells
PY

# Stdin, --reencode: both editions come back byte for byte; a bad line gives an error line and exit 1.
printf '%s\n# comment\n%s\nnot-hex\n' "$F2" "$F3" | "$NEVBRAIN_BIN" decode --reencode >"$T/stdin.jsonl" && status=0 || status=$?
[[ "$status" == "1" ]] || { echo "decode with a bad line exited $status, want 1"; exit 1; }
python3 - "$T/stdin.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert len(rows) == 3, rows
assert rows[0]["reencode_exact"] and rows[1]["reencode_exact"], rows[:2]
assert rows[1]["edition"] == "2025" and rows[1]["body"]["signature"]["algorithm"] == "sm2", rows[1]["body"].get("signature")
assert rows[2]["error"]["code"] == "invalid_hex", rows[2]
PY

# Lenient tags the undefined encryption byte; strict rejects it with the offset of that byte.
"$NEVBRAIN_BIN" decode "$F66" | python3 -c 'import json,sys; m=json.load(sys.stdin); assert "Q01_undefined_encryption" in [q["code"] for q in m["data_quality"]], m["data_quality"]'
"$NEVBRAIN_BIN" decode --strict "$F66" >"$T/strict.jsonl" && status=0 || status=$?
[[ "$status" == "1" ]] || { echo "strict decode of frame 66 exited $status, want 1"; exit 1; }
python3 -c 'import json,sys; e=json.load(open(sys.argv[1]))["error"]; assert (e["code"], e["offset"]) == ("undefined_encryption", 21), e' "$T/strict.jsonl"

# A raw capture with junk around and between frames: both frames come out, the junk is counted.
python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' "0011${F2}2223${F3}24" >"$T/capture.bin"
"$NEVBRAIN_BIN" decode --binary "$T/capture.bin" >"$T/capture.jsonl" 2>"$T/capture.err"
[[ "$(wc -l <"$T/capture.jsonl")" == "2" ]] || { echo "capture gave $(wc -l <"$T/capture.jsonl") lines, want 2"; exit 1; }
grep -q "skipped 4 bytes between frames" "$T/capture.err" || { cat "$T/capture.err"; exit 1; }

# Model form round trip: decode --model, then --from-json encodes the same bytes.
"$NEVBRAIN_BIN" decode --model "$F2" "$F3" | python3 -c 'import json,sys; [print(json.loads(l)["model"]) for l in sys.stdin]' \
    | "$NEVBRAIN_BIN" decode --from-json | python3 -c 'import json,sys; print("\n".join(json.loads(l)["hex"] for l in sys.stdin))' >"$T/encoded.hex"
printf '%s\n%s\n' "$F2" "$F3" | diff - "$T/encoded.hex"

echo "decode step: arguments, stdin, --reencode, --strict, --binary with junk, --model/--from-json: ok"
