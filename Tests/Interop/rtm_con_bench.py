#!/usr/bin/env python3
"""rtm_con 1.0.4 parse (and build) rate on nevbrain's two benchmark frames, for BENCHMARKS.md.

Usage:
    python rtm_con_bench.py --nevbrain PATH_TO_BINARY [--runs 5] [--seconds 1.0] [--compare] [--json]

The frames are the ones `nevbrain bench codec` times (`--print-frames`): a 2016 realtime frame of 334 bytes
and a 2025 signed realtime frame. rtm_con parses with `msg_checked` (the BCC is verified, as our decoder does)
in this single process; each workload runs `--runs` times for about `--seconds` each and the median rate is
reported. `--compare` also runs `nevbrain bench codec --json` with the same runs/seconds and adds our rates
and the ratio (a debug build of nevbrain is much slower than a release build; compare release builds).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

os.environ["TZ"] = "CST-8"  # rtm_con converts the frame time to local time; keep it Beijing time
time.tzset()


def import_rtm_con():
    """rtm_con 1.0.4 fails to import without openpyxl (NameError in its Excel exporter); stub the two optional
    modules (Excel, GUI) this script does not use when that happens."""
    try:
        from rtm_con import msg_checked
    except Exception:  # noqa: BLE001
        import types

        for name in [m for m in sys.modules if m == "rtm_con" or m.startswith("rtm_con.")]:
            del sys.modules[name]
        for name, attr in (("rtm_con.msg_to_excel", "MsgExcel"), ("rtm_con.msg_to_gui", "MessageAnalyzer")):
            stub = types.ModuleType(name)
            setattr(stub, attr, None)
            sys.modules[name] = stub
        from rtm_con import msg_checked
    try:
        from importlib.metadata import version

        v = version("rtm_con")
    except Exception:  # noqa: BLE001
        v = "unknown"
    return msg_checked, v


def rate(fn, seconds):
    """Calls fn repeatedly for about `seconds`; returns calls per second."""
    n, batch = 0, 1
    start = time.perf_counter()
    while True:
        for _ in range(batch):
            fn()
        n += batch
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed
        batch = min(batch * 2, 1024)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nevbrain", required=True, help="path to the nevbrain binary (for --print-frames)")
    ap.add_argument("--runs", type=int, default=5, help="timed runs per workload; the median is reported")
    ap.add_argument("--seconds", type=float, default=1.0, help="approximate seconds per timed run")
    ap.add_argument("--compare", action="store_true", help="also run `nevbrain bench codec` and show the ratio")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = ap.parse_args()

    msg_checked, version = import_rtm_con()
    out = subprocess.run(
        [args.nevbrain, "bench", "codec", "--print-frames"], capture_output=True, text=True, check=True, timeout=120
    )
    frames = [bytes.fromhex(line.strip()) for line in out.stdout.splitlines() if line.strip()]
    if len(frames) != 2:
        sys.exit(f"expected 2 frames from --print-frames, got {len(frames)}")
    names = {b"##": "2016_realtime", b"$$": "2025_signed"}

    results = {}
    for frame in frames:
        name = names[frame[:2]]
        parsed = msg_checked.parse(frame)  # also proves rtm_con accepts the frame (checksum verified)
        rebuilt = msg_checked.build(parsed)
        for kind, fn in (
            ("parse", lambda f=frame: msg_checked.parse(f)),
            ("build", lambda p=parsed: msg_checked.build(p)),
        ):
            rates = [rate(fn, args.seconds) for _ in range(args.runs)]
            results[f"{kind}_{name}"] = {
                "frames_per_s": round(statistics.median(rates)),
                "frame_bytes": len(frame),
                "runs": [round(r) for r in rates],
            }
        results[f"build_{name}"]["byte_exact"] = rebuilt == frame

    ours = {}
    if args.compare:
        bench = subprocess.run(
            [args.nevbrain, "bench", "codec", "--json", "--runs", str(args.runs), "--seconds", str(args.seconds)],
            capture_output=True,
            text=True,
            check=True,
            timeout=600,
        )
        ours = json.loads(bench.stdout.strip().splitlines()[-1])
        for key, value in results.items():
            kind, name = key.split("_", 1)
            mine = ours.get(f"{'decode' if kind == 'parse' else 'encode'}_{name}")
            if mine:
                value["nevbrain_frames_per_s"] = mine["frames_per_s"]
                value["nevbrain_speedup"] = round(mine["frames_per_s"] / value["frames_per_s"], 1)

    if args.json:
        print(
            json.dumps(
                {
                    "rtm_con_version": version,
                    "python": sys.version.split()[0],
                    "runs": args.runs,
                    "seconds": args.seconds,
                    "workloads": results,
                }
            )
        )
        return 0
    print(
        f"rtm_con {version}, Python {sys.version.split()[0]}, single process, median of {args.runs} runs "
        f"of ~{args.seconds:g} s"
    )
    header = f"{'workload':28s} {'frame B':>8s} {'rtm_con frames/s':>17s}"
    if args.compare:
        header += f" {'nevbrain frames/s':>18s} {'nevbrain / rtm_con':>19s}"
    print(header)
    for key, value in results.items():
        line = f"{key:28s} {value['frame_bytes']:8d} {value['frames_per_s']:17d}"
        if args.compare and "nevbrain_frames_per_s" in value:
            line += f" {value['nevbrain_frames_per_s']:18d} {value['nevbrain_speedup']:18.1f}x"
        print(line)
    inexact = [k for k, v in results.items() if v.get("byte_exact") is False]
    if inexact:
        print("note: rtm_con's rebuild is not byte-exact for " + ", ".join(inexact))
    return 0


if __name__ == "__main__":
    sys.exit(main())
