"""Shared helpers of the gateway tests (`gateway_client.py`, `gateway_stress.py`): an independent GB/T 32960.3
client for `nevbrain serve`.

* Frames are BUILT BY rtm_con 1.0.4 (PyPI `rtm-con`, `msg_checked.build`), an implementation that shares no code
  with nevbrain, and then checked here (length field, BCC) by a parser written from the standard's Table 2.
* Expected replies are computed here from the standard (GB/T 32960.3-2016 / -2025 Table 2 and Table 4, protocol
  notes `../shared/reference/gb32960.md` §3.2): the request's header with the ack flag changed from 0xFE to the
  result code, the data unit cut to the 6-byte time for the time-only style (heartbeat: empty; time sync: the
  platform's clock), and the BCC recomputed. Nothing here asks nevbrain how to build a frame.
* Small helpers for sockets (reading whole frames off a TCP stream), HTTP, `serve` processes and a pass/fail
  tally whose last line is `N passed, M failed`.
"""

import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import types
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone

# rtm_con converts the frame time (Beijing time) to the process's local time zone when building; in UTC+8
# (POSIX TZ "CST-8", no tzdata needed) its naive datetimes are Beijing wall time.
os.environ["TZ"] = "CST-8"
time.tzset()
BEIJING = timezone(timedelta(hours=8))
LOCALHOST = "127.0.0.1"


def _import_rtm_con():
    """rtm_con 1.0.4's package __init__ imports its Excel exporter (needs openpyxl, else NameError) and its Tk GUI;
    neither is used here, so on failure they are stubbed (as in rtm_con_interop.py)."""
    try:
        import rtm_con  # noqa: F401
    except Exception:
        for name in [m for m in sys.modules if m == "rtm_con" or m.startswith("rtm_con.")]:
            del sys.modules[name]
        for name, attr in (("rtm_con.msg_to_excel", "MsgExcel"), ("rtm_con.msg_to_gui", "MessageAnalyzer")):
            stub = types.ModuleType(name)
            setattr(stub, attr, None)
            sys.modules[name] = stub
    from rtm_con import msg_checked
    from rtm_con.data_warnings import general_warnings_2016, general_warnings_2025

    return msg_checked, {"2016": general_warnings_2016, "2025": general_warnings_2025}


RTM, WARNING_NAMES = _import_rtm_con()

# ---------------------------------------------------------------------------------------------------------
# VINs (GB 16735 / ISO 3779): 17 characters without I, O, Q; position 9 is the check digit.
# ---------------------------------------------------------------------------------------------------------
VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
_VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
_VIN_VALUES = {
    **{str(d): d for d in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9))),
    **dict(zip("JKLMN", range(1, 6))),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10))),
}


def vin_check_digit(vin):
    r = sum(_VIN_VALUES[c] * w for c, w in zip(vin, _VIN_WEIGHTS)) % 11
    return "X" if r == 10 else str(r)


def make_vin(rng, wmi="LNB"):
    """A random VIN with the given manufacturer prefix and a correct check digit."""
    body = wmi + "".join(rng.choice(VIN_CHARS) for _ in range(17 - len(wmi)))
    return body[:8] + vin_check_digit(body) + body[9:]


# ---------------------------------------------------------------------------------------------------------
# Frames built by rtm_con.
# ---------------------------------------------------------------------------------------------------------
MSG_TYPES = {
    "login": 0x01,
    "realtime": 0x02,
    "reissue": 0x03,
    "logout": 0x04,
    "plt_login": 0x05,
    "plt_logout": 0x06,
    "heartbeat": 0x07,
    "time_sync": 0x08,
}
_RTM_NAMES = {"reissue": "supplimentary"}  # rtm_con's spelling


def _header(ed, kind, code):
    return {
        "starter": "protocol_" + ed,
        "msg_type": _RTM_NAMES.get(kind, kind),
        "ack": "command",
        "vin": code,
        "enc": 1,
    }


def _build(obj):
    frame = bytes(RTM.build(obj))
    parse_frame(frame)  # our own check of rtm_con's length field and BCC
    return frame


def naive(t):
    """rtm_con takes naive datetimes (local = Beijing here)."""
    return t.astimezone(BEIJING).replace(tzinfo=None) if t.tzinfo else t


def login(ed, vin, t, seq, rng):
    if ed == "2016":
        payload = {
            "timestamp": naive(t),
            "session_id": seq,
            "iccid": "8986" + "".join(rng.choice("0123456789") for _ in range(16)),
            "bms_total": 1,
            "pack_sn_len": 10,
            "pack_sn": ["".join(rng.choice(VIN_CHARS) for _ in range(10))],
        }
    else:
        payload = {
            "timestamp": naive(t),
            "session_id": seq,
            "iccid": "8986" + "".join(rng.choice("0123456789") for _ in range(16)),
            "bms_total": 1,
            "pack_per_bms": [1],
            "pack_sn_list": [["".join(rng.choice(VIN_CHARS) for _ in range(24))]],
        }
    return _build(dict(_header(ed, "login", vin), payload=payload))


def logout(ed, vin, t, seq):
    return _build(dict(_header(ed, "logout", vin), payload={"timestamp": naive(t), "session_id": seq}))


def platform_login(ed, code, t, seq, username, password):
    payload = {"timestamp": naive(t), "session_id": seq, "username": username, "password": password, "enc": 1}
    return _build(dict(_header(ed, "plt_login", code), payload=payload))


def platform_logout(ed, code, t, seq):
    return _build(dict(_header(ed, "plt_logout", code), payload={"timestamp": naive(t), "session_id": seq}))


def heartbeat(ed, vin):
    return _build(dict(_header(ed, "heartbeat", vin), payload=b""))


def time_sync(ed, vin):
    return _build(dict(_header(ed, "time_sync", vin), payload=b""))


def report(ed, vin, t, rng, reissue=False, alarm_level=0):
    """A realtime (0x02) or reissue (0x03) report: vehicle, position and alarm units; 2025 with an SM2 signature
    (random r and s: the gateway has no key for these vehicles)."""
    vehicle = {
        "vehicle_state": 1,
        "charge_state": rng.choice([1, 3]),
        "operate_state": 1,
        "vehicle_speed": rng.randint(0, 1200) / 10,
        "mileage_total": rng.randint(0, 3_000_000) / 10,
        "voltage_total": rng.randint(3000, 4000) / 10,
        "current_total": rng.randint(-500, 500) / 10,
        "soc": rng.randint(10, 100),
        "dcdc_state": 1,
        "gear_state": {"driving_force": True, "braking_force": False, "gear": 14},
        "insulation_resistance": rng.randint(1000, 9000),
    }
    if ed == "2016":
        vehicle.update(accelerator_padel=rng.randint(0, 100), brake_padel=0)
    else:
        vehicle["gear_state"]["gear_postion_validity"] = 0
    gnss = {
        "gnss_state": {"gnss_e_w": 0, "gnss_n_s": 0, "gnss_valid": True},
        "gnss_lng": rng.randint(118_000_000, 122_900_000) / 1e6,
        "gnss_lat": rng.randint(27_000_000, 31_100_000) / 1e6,
    }
    if ed == "2025":
        gnss["gnss_gcs"] = 1
    names = WARNING_NAMES[ed]
    warnings = {
        "max_warning_level": alarm_level,
        "general_warnings": {n: False for n in names.values()},
        "pack_failures": [],
        "emotor_failures": [],
        "engine_failures": [],
        "other_failures": [],
    }
    if ed == "2025":
        warnings["general_warning_list"] = []
    payload = {
        "timestamp": naive(t),
        "data_list": [
            {"data_type": "whole_vehicle", "data_content": vehicle},
            {"data_type": "gnss", "data_content": gnss},
            {"data_type": "warnings", "data_content": warnings},
        ],
    }
    if ed == "2025":
        payload["sig_starter"] = "ff"
        payload["sig"] = {"algo": 1, "r_value": rng.randbytes(32).hex(), "s_value": rng.randbytes(32).hex()}
    return _build(dict(_header(ed, "reissue" if reissue else "realtime", vin), payload=payload))


# ---------------------------------------------------------------------------------------------------------
# The standard's frame layout (Table 2), parsed independently of both implementations.
# ---------------------------------------------------------------------------------------------------------
def bcc(data):
    x = 0
    for b in data:
        x ^= b
    return x


def parse_frame(frame):
    """Splits a frame into its Table 2 fields; raises ValueError if the length field or the BCC is wrong."""
    if len(frame) < 25 or frame[:2] not in (b"##", b"$$"):
        raise ValueError(f"not a frame: {frame.hex()}")
    length = int.from_bytes(frame[22:24], "big")
    if len(frame) != 25 + length:
        raise ValueError(f"length field {length} but {len(frame) - 25} data bytes: {frame.hex()}")
    if bcc(frame[2:-1]) != frame[-1]:
        raise ValueError(f"bad BCC: {frame.hex()}")
    return {
        "start": frame[:2],
        "command": frame[2],
        "flag": frame[3],
        "code": frame[4:21],
        "enc": frame[21],
        "length": length,
        "data": frame[24:-1],
    }


def frame_time(frame):
    """The collection time (first 6 bytes of the data unit), as an aware Beijing datetime."""
    y, mo, d, h, mi, s = frame[24:30]
    return datetime(2000 + y, mo, d, h, mi, s, tzinfo=BEIJING)


def beijing_bytes(t):
    t = t.astimezone(BEIJING)
    return bytes([t.year - 2000, t.month, t.day, t.hour, t.minute, t.second])


def expected_reply(request, flag=0x01, time_bytes=None):
    """The reply to `request` per Table 4 and §3.2, time-only style: same start, command, unique code and
    encryption byte; ack flag `flag`; data unit = the request's 6-byte time (or `time_bytes`, e.g. the platform
    clock of a time-sync reply), empty for a request without a time (heartbeat); BCC recomputed."""
    f = parse_frame(request)
    if time_bytes is not None:
        data = time_bytes
    elif f["command"] in (MSG_TYPES["heartbeat"], MSG_TYPES["time_sync"]):
        data = b""
    else:
        data = f["data"][:6]
    body = bytes([f["command"], flag]) + f["code"] + bytes([f["enc"]]) + len(data).to_bytes(2, "big") + data
    return f["start"] + body + bytes([bcc(body)])


def describe(frame):
    """Short human description of a frame, for messages."""
    try:
        f = parse_frame(frame)
    except ValueError:
        return frame.hex()
    names = {v: k for k, v in MSG_TYPES.items()}
    ed = "2016" if f["start"] == b"##" else "2025"
    code = f["code"].rstrip(bytes(1)).decode("ascii", "replace")
    return f"{ed} {names.get(f['command'], hex(f['command']))} flag=0x{f['flag']:02x} {code}"


# ---------------------------------------------------------------------------------------------------------
# Sockets.
# ---------------------------------------------------------------------------------------------------------
class Closed(Exception):
    """The gateway closed the connection."""


class Conn:
    """One TCP connection to the gateway, reading whole frames (24-byte header, then length + 1)."""

    def __init__(self, port, timeout=5.0):
        self.sock = socket.create_connection((LOCALHOST, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self, n, deadline):
        while len(self.buf) < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no reply within the time limit (have {self.buf.hex() or 'nothing'})")
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                raise TimeoutError(f"no reply within the time limit (have {self.buf.hex() or 'nothing'})") from None
            except ConnectionResetError:
                chunk = b""
            if not chunk:
                raise Closed(f"connection closed by the gateway (have {self.buf.hex() or 'nothing'})")
            self.buf += chunk

    def read_frame(self, timeout=5.0):
        deadline = time.monotonic() + timeout
        self._fill(24, deadline)
        length = int.from_bytes(self.buf[22:24], "big")
        self._fill(25 + length, deadline)
        frame, self.buf = self.buf[: 25 + length], self.buf[25 + length :]
        return frame

    def exchange(self, request, timeout=5.0):
        self.send(request)
        return self.read_frame(timeout)

    def pending(self, wait=0.3):
        """Bytes the gateway sent that nobody asked for, within `wait` seconds (b"" if none); None if closed."""
        self.sock.settimeout(wait)
        try:
            chunk = self.sock.recv(65536)
            if not chunk:
                return None if not self.buf else self.buf
            return self.buf + chunk
        except socket.timeout:
            return self.buf
        except ConnectionResetError:
            return None

    def is_closed_by_peer(self, wait=3.0):
        """Whether the gateway closes the connection within `wait` seconds (reading and dropping any bytes)."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                if not self.sock.recv(65536):
                    return True
            except socket.timeout:
                return False
            except (ConnectionResetError, BrokenPipeError):
                return True
        return False

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


# ---------------------------------------------------------------------------------------------------------
# HTTP, processes, the store.
# ---------------------------------------------------------------------------------------------------------
def free_port():
    s = socket.socket()
    s.bind((LOCALHOST, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def http(method, url, token=None, body=None, content_type="application/json", timeout=10):
    """(status, parsed JSON or text) of one request."""
    data = None
    headers = {}
    if body is not None:
        data = (
            body
            if isinstance(body, bytes)
            else (json.dumps(body).encode() if content_type == "application/json" else body.encode())
        )
        headers["Content-Type"] = content_type
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode("utf-8", "replace")


def wait_ready(http_port, gateway_port, process=None, timeout=30.0):
    """Waits until /healthz answers and the gateway accepts a connection; raises if the server exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"serve exited with status {process.returncode} before it was ready")
        try:
            status, _ = http("GET", f"http://{LOCALHOST}:{http_port}/healthz", timeout=2)
            if status == 200:
                socket.create_connection((LOCALHOST, gateway_port), timeout=2).close()
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"serve not ready within {timeout:.0f} s")


class Server:
    """A `nevbrain serve` child process on 127.0.0.1. Its PID is appended to `pid_file` so the calling shell
    step's EXIT trap can kill it should this script die."""

    def __init__(self, binary, store, pid_file=None, log_path=None):
        self.binary, self.store, self.pid_file, self.log_path = binary, store, pid_file, log_path
        self.process = None
        self.http_port = self.gateway_port = None

    def start(self, timeout=30.0):
        self.http_port, self.gateway_port = free_port(), free_port()
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL
        self.process = subprocess.Popen(
            [
                self.binary,
                "serve",
                "--store",
                self.store,
                "--http-port",
                str(self.http_port),
                "--gateway-port",
                str(self.gateway_port),
                "--log-level",
                "warning",
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
        )
        if self.pid_file:
            with open(self.pid_file, "a") as f:
                f.write(f"{self.process.pid}\n")
        wait_ready(self.http_port, self.gateway_port, self.process, timeout)
        return self

    @property
    def pid(self):
        return self.process.pid

    def alive(self):
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout=30.0):
        """SIGTERM and wait: the graceful stop. Returns the exit status (None if it had to be killed)."""
        if not self.alive():
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return None

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def cleanup(self):
        if self.alive():
            self.process.kill()
            self.process.wait()


def sqlite_path(store):
    return store[len("sqlite:") :] if store.startswith("sqlite:") else store


def db(path):
    """A read connection to the store's SQLite file (WAL: committed rows are visible while serve runs)."""
    connection = sqlite3.connect(path, timeout=10)
    connection.execute("PRAGMA busy_timeout = 10000")
    return connection


# ---------------------------------------------------------------------------------------------------------
# Results.
# ---------------------------------------------------------------------------------------------------------
class Tally:
    """Counts checks; prints each failure (and each pass with verbose) as it happens."""

    def __init__(self, verbose=False, passed=0, failed=0):
        self.passed, self.failed, self.verbose = passed, failed, verbose

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            if self.verbose:
                print(f"  ok   {what}")
        else:
            self.failed += 1
            print(f"  FAIL {what}" + (f": {detail}" if detail else ""), flush=True)
        return ok

    def equal(self, got, want, what):
        if isinstance(want, (bytes, bytearray)):

            def show(b):
                if b is None:
                    return "None (connection closed)"
                return f"{b.hex()} [{describe(b)}]" if len(b) >= 25 else (b.hex() or "nothing")

        else:
            show = repr
        return self.check(got == want, what, f"got {show(got)}, want {show(want)}")

    def must(self, ok):
        """Ends the current exchange when a check failed: later replies would only repeat the failure."""
        if not ok:
            raise Abandoned()

    def summary(self):
        return f"{self.passed} passed, {self.failed} failed"


class Abandoned(Exception):
    """A session stopped at its first wrong reply."""


def seeded(seed, *parts):
    """A deterministic Random for one part of a run."""
    return random.Random(f"{seed}/" + "/".join(map(str, parts)))
