#!/usr/bin/env python3
"""The GB/T 32960.3 gateway of `nevbrain serve` as an independent client meets it, both editions (2016 `##`,
2025 `$$`), with every frame built by rtm_con 1.0.4 and every reply checked byte for byte against a reply
computed here from the standard (Table 2, Table 4; protocol notes §3.2). Run by `.ci/steps/gateway_client.sh`.

Two phases around a graceful stop of the server (the shell step starts and stops `serve`):

    gateway_client.py run    --nevbrain BIN --store sqlite:PATH --http-port P --gateway-port G --token T --state F
    gateway_client.py verify --store sqlite:PATH --state F --serve-status RC

`run`:
* Registry set-up through the HTTP API and the CLI, as an administrator does it with `serve` running:
  two enterprises (PUT /api/v1/enterprises/{id}), their vehicles (POST /api/v1/vehicles/import, CSV, VINs with
  valid check digits), and a platform account for one of them (`nevbrain platform add`, password on stdin).
* Vehicle mode, once per edition: login (0x01), realtime (0x02) and reissue (0x03) reports, also two frames in
  one write and one frame split across two writes, heartbeat (0x07), time sync (0x08), logout (0x04). Login,
  heartbeat and logout replies must equal the computed ones exactly; the time-sync reply too, except its time,
  which must be the platform clock (Beijing time, within a few seconds of now). Reports get no reply.
* A report on a connection that never logged in is not answered and not stored. A login whose data unit is
  too short (time + 4 bytes) is answered 0x02 (2016) / 0x06 (2025) with its time, and does not log in.
* Platform mode, once per edition: platform login (0x05), forwarded vehicle logins, reports for 50 VINs of the
  platform's enterprise, a heartbeat, then a VIN of another enterprise and an unregistered VIN (each answered
  0x04 in 2025, 0x02 in 2016, and not stored), forwarded logouts, platform logout (0x06). In 2016 the login and
  the first reports go in one write (frames that arrive while the password is being checked).
* A wrong password and an unknown platform user name: answered 0x02, connection closed.

`verify` (after SIGTERM and wait): the exact rows in the SQLite store: count, which frames (raw bytes), reissue
flag, collection time; none for the refused VINs; `PRAGMA integrity_check`.

The last line printed is `N passed, M failed`; the exit status is 1 if anything failed. Deterministic for a
given --seed (apart from the platform clock in the time-sync reply).
"""

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gateway_common as gb  # noqa: E402

ENTERPRISE = "oem-gw-a"
OTHER_ENTERPRISE = "oem-gw-b"
PLATFORM_USER = "oemgwa-plat"  # at most 12 bytes
PLATFORM_PASSWORD = "oem-a-secret-2025"  # 8..20 bytes
PLATFORM_CODE = "PLATOEMGWA0000001"  # the platform's 17-byte unique code in the header
FORWARDED_PER_EDITION = 50
REISSUED_PER_EDITION = 10
SYNC_TOLERANCE_S = 5


def record(expected, frame, reissue):
    expected.append(
        {
            "vin": gb.parse_frame(frame)["code"].decode(),
            "raw": frame.hex(),
            "reissue": reissue,
            "collected_at": int(gb.frame_time(frame).timestamp()) * 1_000_000,
        }
    )


def setup_registry(args, tally, vins_a, vins_b):
    base = f"http://{gb.LOCALHOST}:{args.http_port}"
    status, body = gb.http("GET", base + "/readyz")
    tally.equal(status, 200, "GET /readyz")
    for enterprise, name, city in (
        (ENTERPRISE, "Gateway Test OEM A", "hangzhou"),
        (OTHER_ENTERPRISE, "Gateway Test OEM B", "ningbo"),
    ):
        status, body = gb.http(
            "PUT", f"{base}/api/v1/enterprises/{enterprise}", args.token, {"name": name, "city": city}
        )
        tally.check(
            status == 200 and isinstance(body, dict) and body.get("id") == enterprise,
            f"PUT /api/v1/enterprises/{enterprise}",
            f"{status} {body}",
        )
    rows = ["vin,enterprise,model,fuel_type,usage,city,plate"]
    rows += [f"{v},{ENTERPRISE},GW-A1,BEV,private,hangzhou,浙A{i:05d}" for i, v in enumerate(vins_a)]
    rows += [f"{v},{OTHER_ENTERPRISE},GW-B1,PHEV,taxi,ningbo," for v in vins_b]
    status, body = gb.http("POST", base + "/api/v1/vehicles/import", args.token, "\n".join(rows) + "\n", "text/csv")
    tally.check(
        status == 200
        and isinstance(body, dict)
        and body.get("imported") == len(vins_a) + len(vins_b)
        and not body.get("warnings"),
        "POST /api/v1/vehicles/import",
        f"{status} {body}",
    )
    add = subprocess.run(
        [
            args.nevbrain,
            "platform",
            "add",
            PLATFORM_USER,
            "--enterprise",
            ENTERPRISE,
            "--store",
            args.store,
            "--log-level",
            "warning",
        ],
        input=PLATFORM_PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    tally.check(add.returncode == 0, "nevbrain platform add (serve running)", add.stderr.strip())


def vehicle_session(args, tally, ed, vin, rng, expected):
    """One vehicle on its own connection: login, reports, heartbeat, time sync, logout."""
    what = f"vehicle {ed}"
    t0 = datetime(2025, 6, 1, 8, 0, 0, tzinfo=gb.BEIJING) + timedelta(days=int(ed) - 2016)
    conn = gb.Conn(args.gateway_port)
    try:
        frame = gb.login(ed, vin, t0, 1, rng)
        tally.must(tally.equal(conn.exchange(frame), gb.expected_reply(frame), f"{what}: login (0x01) reply"))

        # Realtime and reissue reports: no reply. One alone, two in one write, one split across two writes.
        reports = [gb.report(ed, vin, t0 + timedelta(seconds=10 * (i + 1)), rng, alarm_level=i % 2) for i in range(4)]
        reissues = [gb.report(ed, vin, t0 - timedelta(minutes=5 - i), rng, reissue=True) for i in range(2)]
        conn.send(reports[0])
        conn.send(reports[1] + reissues[0])
        cut = len(reports[2]) // 2
        conn.send(reports[2][:cut])
        time.sleep(0.2)
        conn.send(reports[2][cut:])
        conn.send(reissues[1] + reports[3])
        for f in reports:
            record(expected, f, False)
        for f in reissues:
            record(expected, f, True)
        tally.equal(conn.pending(0.5), b"", f"{what}: no reply to 4 realtime (0x02) and 2 reissue (0x03) reports")

        frame = gb.heartbeat(ed, vin)
        tally.must(tally.equal(conn.exchange(frame), gb.expected_reply(frame), f"{what}: heartbeat (0x07) reply"))

        frame = gb.time_sync(ed, vin)
        before = datetime.now(gb.BEIJING)
        reply = conn.exchange(frame)
        after = datetime.now(gb.BEIJING)
        check_time_sync(tally, what, frame, reply, before, after)

        frame = gb.logout(ed, vin, t0 + timedelta(minutes=1), 1)
        tally.equal(conn.exchange(frame), gb.expected_reply(frame), f"{what}: logout (0x04) reply")
        tally.equal(conn.pending(0.3), b"", f"{what}: nothing more after the logout reply, connection open")
    except gb.Abandoned:
        print(f"  .... {what}: session abandoned after the first wrong reply")
    except (TimeoutError, gb.Closed, OSError) as error:
        tally.check(False, f"{what}: session", str(error))
    finally:
        conn.close()


def check_time_sync(tally, what, request, reply, before, after):
    """Every byte of the time-sync reply but the time is fixed; the time is the platform clock (Beijing)."""
    if len(reply) != 31:
        tally.check(False, f"{what}: time sync (0x08) reply is header + 6-byte time", reply.hex())
        return
    try:
        got = gb.frame_time(reply)
    except ValueError as error:  # not a valid date
        tally.check(False, f"{what}: time sync (0x08) reply time", f"{reply.hex()}: {error}")
        return
    tally.equal(
        reply,
        gb.expected_reply(request, time_bytes=reply[24:30]),
        f"{what}: time sync (0x08) reply (flag, header, length 6, BCC)",
    )
    ok = before - timedelta(seconds=SYNC_TOLERANCE_S) <= got <= after + timedelta(seconds=SYNC_TOLERANCE_S)
    tally.check(
        ok,
        f"{what}: time sync reply carries the platform clock in Beijing time (±{SYNC_TOLERANCE_S} s)",
        f"reply time {got.isoformat()}, now {before.isoformat()}",
    )


def not_logged_in(args, tally, vin, rng):
    what = "no login"
    conn = gb.Conn(args.gateway_port)
    try:
        conn.send(gb.report("2016", vin, datetime(2025, 6, 1, 9, 0, 0, tzinfo=gb.BEIJING), rng))
        frame = gb.heartbeat("2016", vin)
        tally.equal(
            conn.exchange(frame),
            gb.expected_reply(frame),
            f"{what}: a report before any login gets no reply (the next frame read is the heartbeat reply)",
        )
    except gb.Abandoned:
        print(f"  .... {what}: session abandoned after the first wrong reply")
    except (TimeoutError, gb.Closed, OSError) as error:
        tally.check(False, f"{what}: session", str(error))
    finally:
        conn.close()


def malformed_login(args, tally, ed, vin, rng):
    """A login whose data unit holds the time and then too few bytes: framed (length and BCC right) but not a
    login. Answered with the edition's code (2016 0x02 error, 2025 0x06 data-structure error) and the request's
    time (§3.2); the connection stays logged out, so a report after it is neither answered nor stored."""
    what = f"malformed login {ed}"
    t = datetime(2025, 6, 1, 9, 30, 0, tzinfo=gb.BEIJING)
    conn = gb.Conn(args.gateway_port)
    try:
        good = gb.login(ed, vin, t, 1, rng)
        body = good[2:22] + (10).to_bytes(2, "big") + good[24:34]  # time + 4 bytes of the 30+ a login needs
        frame = good[:2] + body + bytes([gb.bcc(body)])
        flag = 0x06 if ed == "2025" else 0x02
        tally.must(
            tally.equal(conn.exchange(frame), gb.expected_reply(frame, flag=flag), f"{what}: answered 0x{flag:02x}")
        )
        conn.send(gb.report(ed, vin, t + timedelta(seconds=1), rng))
        frame = gb.heartbeat(ed, vin)
        tally.equal(
            conn.exchange(frame),
            gb.expected_reply(frame),
            f"{what}: a report after it gets no reply (the next frame read is the heartbeat reply)",
        )
    except gb.Abandoned:
        print(f"  .... {what}: session abandoned after the first wrong reply")
    except (TimeoutError, gb.Closed, OSError) as error:
        tally.check(False, f"{what}: session", str(error))
    finally:
        conn.close()


def read_until(conn, want, limit=200):
    """Frames read before `want` (bounded); None if the connection closes or nothing comes first."""
    others = []
    for _ in range(limit):
        try:
            frame = conn.read_frame(5)
        except (TimeoutError, gb.Closed, OSError):
            return None
        if frame == want:
            return others
        others.append(frame)
    return None


def platform_session(args, tally, ed, vins, foreign_vin, unknown_vin, rng, expected):
    """An OEM platform forwarding its enterprise's vehicles on one connection."""
    what = f"platform {ed}"
    t0 = datetime(2025, 7, 1, 10, 0, 0, tzinfo=gb.BEIJING) + timedelta(days=int(ed) - 2016)
    conn = gb.Conn(args.gateway_port)
    try:
        login = gb.platform_login(ed, PLATFORM_CODE, t0, 1, PLATFORM_USER, PLATFORM_PASSWORD)
        reports = [gb.report(ed, v, t0 + timedelta(seconds=i + 1), rng) for i, v in enumerate(vins)]
        reissues = [
            gb.report(ed, v, t0 - timedelta(minutes=10, seconds=i), rng, reissue=True)
            for i, v in enumerate(vins[:REISSUED_PER_EDITION])
        ]
        head = 10 if ed == "2016" else 0  # 2016: the first reports ride in the login's write
        conn.send(login + b"".join(reports[:head]))
        tally.must(tally.equal(conn.read_frame(10), gb.expected_reply(login), f"{what}: platform login (0x05) reply"))

        logins = [gb.login(ed, v, t0, 1, rng) for v in vins[:5]]
        for i, frame in enumerate(logins):
            tally.equal(
                conn.exchange(frame), gb.expected_reply(frame), f"{what}: forwarded vehicle login {i + 1} reply"
            )

        rest = reports[head:] + reissues
        for i in range(0, len(rest), 8):
            conn.send(b"".join(rest[i : i + 8]))
        for f in reports:
            record(expected, f, False)
        for f in reissues:
            record(expected, f, True)
        frame = gb.heartbeat(ed, PLATFORM_CODE)
        conn.send(frame)
        unexpected = read_until(conn, gb.expected_reply(frame))
        if unexpected is None:
            tally.check(False, f"{what}: heartbeat after the reports answered", "connection closed by the gateway")
            raise gb.Abandoned()
        tally.check(
            not unexpected,
            f"{what}: no reply to {len(reports)} forwarded reports and {len(reissues)} reissues; heartbeat answered",
            (
                f"{len(unexpected)} replies, first {unexpected[0].hex()} [{gb.describe(unexpected[0])}]"
                if unexpected
                else ""
            ),
        )

        refusal = 0x04 if ed == "2025" else 0x02
        for label, vin in (("a VIN of another enterprise", foreign_vin), ("an unregistered VIN", unknown_vin)):
            frame = gb.report(ed, vin, t0 + timedelta(minutes=1), rng)
            tally.must(
                tally.equal(
                    conn.exchange(frame),
                    gb.expected_reply(frame, flag=refusal),
                    f"{what}: report for {label} answered 0x{refusal:02x}",
                )
            )

        logouts = [gb.logout(ed, v, t0 + timedelta(minutes=2), 1) for v in vins[:5]]
        for i, frame in enumerate(logouts):
            tally.must(
                tally.equal(
                    conn.exchange(frame), gb.expected_reply(frame), f"{what}: forwarded vehicle logout {i + 1} reply"
                )
            )

        frame = gb.platform_logout(ed, PLATFORM_CODE, t0 + timedelta(minutes=3), 1)
        tally.equal(conn.exchange(frame), gb.expected_reply(frame), f"{what}: platform logout (0x06) reply")
        tally.equal(conn.pending(0.3), b"", f"{what}: nothing more after the logout reply, connection open")
    except gb.Abandoned:
        print(f"  .... {what}: session abandoned after the first wrong reply")
    except (TimeoutError, gb.Closed, OSError) as error:
        tally.check(False, f"{what}: session", str(error))
    finally:
        conn.close()


def refused_platform_login(args, tally, ed, username, password, label):
    what = f"platform {ed} {label}"
    conn = gb.Conn(args.gateway_port)
    try:
        frame = gb.platform_login(
            ed, PLATFORM_CODE, datetime(2025, 7, 2, 10, 0, 0, tzinfo=gb.BEIJING), 2, username, password
        )
        tally.must(
            tally.equal(conn.exchange(frame, 10), gb.expected_reply(frame, flag=0x02), f"{what}: login answered 0x02")
        )
        tally.check(conn.is_closed_by_peer(3.0), f"{what}: connection closed by the gateway")
    except gb.Abandoned:
        print(f"  .... {what}: session abandoned after the first wrong reply")
    except (TimeoutError, gb.Closed, OSError) as error:
        tally.check(False, f"{what}: session", str(error))
    finally:
        conn.close()


def run(args):
    started = time.monotonic()
    tally = gb.Tally(args.verbose)
    rng = gb.seeded(args.seed, "vins")
    vins_a = [gb.make_vin(rng, "LGA") for _ in range(2 * FORWARDED_PER_EDITION + 1)]
    vin_b = gb.make_vin(rng, "LGB")
    vehicle_2025 = gb.make_vin(rng, "LGU")  # unregistered: accepted and flagged (gateway-unknown-vehicles=accept)
    unknown = gb.make_vin(rng, "LGU")
    stray = gb.make_vin(rng, "LGS")
    malformed = {ed: gb.make_vin(rng, "LGM") for ed in ("2016", "2025")}
    assert len(set(vins_a + [vin_b, vehicle_2025, unknown, stray] + list(malformed.values()))) == len(vins_a) + 6

    setup_registry(args, tally, vins_a, [vin_b])
    expected = []
    vehicle_session(args, tally, "2016", vins_a[-1], gb.seeded(args.seed, "vehicle", 2016), expected)
    vehicle_session(args, tally, "2025", vehicle_2025, gb.seeded(args.seed, "vehicle", 2025), expected)
    not_logged_in(args, tally, stray, gb.seeded(args.seed, "stray"))
    for ed, vin in malformed.items():
        malformed_login(args, tally, ed, vin, gb.seeded(args.seed, "malformed", ed))
    platform_session(
        args,
        tally,
        "2025",
        vins_a[:FORWARDED_PER_EDITION],
        vin_b,
        unknown,
        gb.seeded(args.seed, "platform", 2025),
        expected,
    )
    platform_session(
        args,
        tally,
        "2016",
        vins_a[FORWARDED_PER_EDITION : 2 * FORWARDED_PER_EDITION],
        vin_b,
        unknown,
        gb.seeded(args.seed, "platform", 2016),
        expected,
    )
    refused_platform_login(args, tally, "2016", PLATFORM_USER, "wrong-password-1", "wrong password")
    refused_platform_login(args, tally, "2025", "nosuchplat", PLATFORM_PASSWORD, "unknown user name")

    state = {
        "passed": tally.passed,
        "failed": tally.failed,
        "expected": expected,
        "absent": [vin_b, unknown, stray] + list(malformed.values()),
        "run_seconds": round(time.monotonic() - started, 1),
    }
    with open(args.state, "w") as f:
        json.dump(state, f)
    print(f"run: {len(expected)} reports sent that must be stored; {tally.summary()} " f"({state['run_seconds']} s)")
    return 1 if tally.failed else 0


def verify(args):
    try:
        with open(args.state) as f:
            state = json.load(f)
    except (OSError, ValueError) as error:
        print(f"no state from the run phase ({error})")
        print("0 passed, 1 failed")
        return 1
    tally = gb.Tally(args.verbose, state["passed"], state["failed"])
    tally.equal(args.serve_status, 0, "serve stops gracefully on SIGTERM (exit status)")
    expected = state["expected"]
    connection = gb.db(gb.sqlite_path(args.store))
    tally.equal(connection.execute("PRAGMA integrity_check").fetchone()[0], "ok", "store: PRAGMA integrity_check")
    rows = connection.execute("SELECT vin, collected_at, reissue, hex(raw) FROM telemetry").fetchall()
    tally.equal(len(rows), len(expected), "store: telemetry row count")
    stored = {}
    for vin, collected_at, reissue, raw in rows:
        stored.setdefault(raw.lower(), []).append((vin, collected_at, bool(reissue)))
    missing = [e for e in expected if e["raw"] not in stored]
    tally.check(
        not missing,
        "store: every report sent is stored (raw frame byte for byte)",
        f"{len(missing)} missing, first {missing[0]['vin']} {missing[0]['raw'][:80]}..." if missing else "",
    )
    dups = [raw for raw, where in stored.items() if len(where) > 1]
    tally.check(not dups, "store: no frame stored twice", f"{len(dups)} duplicated")
    wanted = {e["raw"] for e in expected}
    extra = [raw for raw in stored if raw not in wanted]
    tally.check(not extra, "store: nothing stored that should not be", f"{len(extra)} extra, first {extra[:1]}")
    wrong = [
        e for e in expected if e["raw"] in stored and stored[e["raw"]][0] != (e["vin"], e["collected_at"], e["reissue"])
    ]
    tally.check(
        not wrong,
        "store: vin, collected_at and reissue of every row",
        f"{len(wrong)} differ, first want {wrong[0]} got {stored[wrong[0]['raw']][0]}" if wrong else "",
    )
    for vin in state["absent"]:
        n = connection.execute("SELECT count(*) FROM telemetry WHERE vin = ?", (vin,)).fetchone()[0]
        tally.equal(n, 0, f"store: no rows for refused / not-logged-in VIN {vin}")
    per_edition = {}
    for e in expected:
        key = ("2016" if e["raw"].startswith("2323") else "2025", "reissue" if e["reissue"] else "realtime")
        per_edition[key] = per_edition.get(key, 0) + 1
    print(
        "verify: expected rows by edition and kind: "
        + ", ".join(f"{k[0]} {k[1]} {v}" for k, v in sorted(per_edition.items()))
    )
    print(tally.summary())
    return 1 if tally.failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("phase", choices=["run", "verify"])
    parser.add_argument("--nevbrain")
    parser.add_argument("--store", required=True)
    parser.add_argument("--http-port", type=int)
    parser.add_argument("--gateway-port", type=int)
    parser.add_argument("--token")
    parser.add_argument("--state", required=True)
    parser.add_argument("--serve-status", type=int)
    parser.add_argument("--seed", default="32960")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    sys.exit(run(args) if args.phase == "run" else verify(args))


if __name__ == "__main__":
    main()
