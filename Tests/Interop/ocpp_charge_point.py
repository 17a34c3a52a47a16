"""A real OCPP 1.6J charge point (the python `ocpp` package, websockets) against nevbrain's central system.

Run by .ci/steps/ocpp.sh against a running `nevbrain serve`; also usable by hand:

    python ocpp_charge_point.py --url ws://127.0.0.1:8080/ocpp --api http://127.0.0.1:8080 --token nvb_...

It registers two charge points and the id tags through the HTTP API, then checks, each as one case:
boot accepted; status notifications stored (latest status via the API); authorise accepted and a rejected id tag;
a full transaction with meter values stored (checked via the API); a wrong password refused (401, no upgrade);
a handshake without the ocpp1.6 subprotocol refused; remote start and remote stop answered by the charge point
and acted on (a transaction started and stopped with reason Remote); GetConfiguration and TriggerMessage answered;
malformed OCPP frames answered with CALLERROR (the right codes) on a connection that stays open.
With --ca it connects over wss:// (security profile 2) and checks the same boot.
"""
import argparse
import asyncio
import base64
import json
import ssl
import sys
import urllib.error
import urllib.request
from datetime import datetime, timezone

import websockets
from websockets.typing import Subprotocol
from ocpp.routing import on
from ocpp.v16 import ChargePoint as ChargePointBase, call, call_result
from ocpp.v16.enums import (Action, AuthorizationStatus, ChargePointErrorCode, ChargePointStatus, Reason,
                            RegistrationStatus, RemoteStartStopStatus, ResetStatus, TriggerMessageStatus)

PASSWORD = "interop-secret-0123456789"


def now_iso():
    return datetime.now(timezone.utc).isoformat()


def basic(user, password):
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class SimChargePoint(ChargePointBase):
    """Answers the central system like a charge point would: a remote start starts a transaction, a remote stop
    stops it."""

    def __init__(self, cp_id, connection):
        super().__init__(cp_id, connection)
        self.meter_wh = 1_000_000
        self.active = {}  # transaction id -> connector
        self.background = set()

    async def status(self, connector, status):
        await self.call(call.StatusNotification(connector_id=connector, error_code=ChargePointErrorCode.no_error,
                                                status=status, timestamp=now_iso()))

    async def start_transaction(self, connector, tag):
        await self.status(connector, ChargePointStatus.preparing)
        result = await self.call(call.StartTransaction(connector_id=connector, id_tag=tag, meter_start=self.meter_wh,
                                                       timestamp=now_iso()))
        if result.id_tag_info["status"] != AuthorizationStatus.accepted:
            await self.status(connector, ChargePointStatus.available)
            return result.transaction_id, result.id_tag_info["status"]
        self.active[result.transaction_id] = connector
        await self.status(connector, ChargePointStatus.charging)
        return result.transaction_id, result.id_tag_info["status"]

    async def meter(self, connector, tx, samples):
        for i in range(samples):
            self.meter_wh += 2500
            await self.call(call.MeterValues(connector_id=connector, transaction_id=tx, meter_value=[{
                "timestamp": now_iso(),
                "sampledValue": [
                    {"value": str(self.meter_wh), "context": "Sample.Periodic",
                     "measurand": "Energy.Active.Import.Register", "unit": "Wh"},
                    {"value": "60000", "context": "Sample.Periodic", "measurand": "Power.Active.Import", "unit": "W"},
                    {"value": str(40 + i), "context": "Sample.Periodic", "measurand": "SoC", "unit": "Percent"},
                ]}]))

    async def stop(self, tx, reason, tag=None):
        connector = self.active.pop(tx)
        self.meter_wh += 1000
        result = await self.call(call.StopTransaction(
            meter_stop=self.meter_wh, timestamp=now_iso(), transaction_id=tx, reason=reason, id_tag=tag,
            transaction_data=[{"timestamp": now_iso(), "sampledValue": [
                {"value": str(self.meter_wh), "context": "Transaction.End",
                 "measurand": "Energy.Active.Import.Register", "unit": "Wh"}]}]))
        await self.status(connector, ChargePointStatus.finishing)
        await self.status(connector, ChargePointStatus.available)
        return result

    def later(self, coroutine):
        task = asyncio.create_task(coroutine)
        self.background.add(task)
        task.add_done_callback(self.background.discard)

    @on(Action.remote_start_transaction)
    async def on_remote_start(self, id_tag, connector_id=None, **kwargs):
        self.later(self.start_transaction(connector_id or 2, id_tag))
        return call_result.RemoteStartTransaction(status=RemoteStartStopStatus.accepted)

    @on(Action.remote_stop_transaction)
    async def on_remote_stop(self, transaction_id, **kwargs):
        if transaction_id not in self.active:
            return call_result.RemoteStopTransaction(status=RemoteStartStopStatus.rejected)
        self.later(self.stop(transaction_id, Reason.remote))
        return call_result.RemoteStopTransaction(status=RemoteStartStopStatus.accepted)

    @on(Action.get_configuration)
    async def on_get_configuration(self, key=None, **kwargs):
        known = {"HeartbeatInterval": "60"}
        wanted = key or list(known)
        return call_result.GetConfiguration(
            configuration_key=[{"key": k, "readonly": False, "value": known[k]} for k in wanted if k in known],
            unknown_key=[k for k in wanted if k not in known] or None)

    @on(Action.trigger_message)
    async def on_trigger(self, requested_message, connector_id=None, **kwargs):
        if requested_message == "Heartbeat":
            self.later(self.call(call.Heartbeat()))
            return call_result.TriggerMessage(status=TriggerMessageStatus.accepted)
        return call_result.TriggerMessage(status=TriggerMessageStatus.not_implemented)

    @on(Action.reset)
    async def on_reset(self, type, **kwargs):
        return call_result.Reset(status=ResetStatus.accepted)


class Checks:
    def __init__(self):
        self.passed, self.failed = 0, []

    def check(self, condition, what):
        if condition:
            self.passed += 1
            print(f"ok   {what}")
        else:
            self.failed.append(what)
            print(f"FAIL {what}")


class API:
    def __init__(self, base, token):
        self.base, self.token = base.rstrip("/"), token

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method, headers={
            "Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    async def __call__(self, method, path, body=None):
        # In a thread: a remote operation's HTTP request waits for the charge point, whose messages this event loop
        # must go on answering meanwhile.
        return await asyncio.to_thread(self.request, method, path, body)


async def wait_for(predicate, seconds=10.0):
    for _ in range(int(seconds * 10)):
        if await predicate():
            return True
        await asyncio.sleep(0.1)
    return False


async def handshake_status(url, headers, subprotocols, ssl_context=None):
    """The HTTP status a refused handshake got, or 101 when it was accepted."""
    try:
        async with websockets.connect(url, subprotocols=subprotocols, additional_headers=headers,
                                      ssl=ssl_context, open_timeout=10):
            return 101
    except websockets.exceptions.InvalidStatus as error:
        return error.response.status_code


async def raw_frames(url, cp_id, checks, ssl_context=None):
    """Malformed frames on a plain WebSocket: each answered with the right CALLERROR, the connection kept."""
    cases = [
        ("not JSON", "this is not json", "-1", "FormationViolation"),
        ("a JSON object", '{"action":"Heartbeat"}', "-1", "FormationViolation"),
        ("unknown message type", '[7,"m1",{}]', "m1", "FormationViolation"),
        ("unknown action", '[2,"m2","Teleport",{}]', "m2", "NotImplemented"),
        ("action of the central system", '[2,"m3","Reset",{"type":"Hard"}]', "m3", "NotSupported"),
        ("required field missing", '[2,"m4","Authorize",{}]', "m4", "ProtocolError"),
        ("wrong type", '[2,"m5","StatusNotification",{"connectorId":"one","errorCode":"NoError","status":"Available"}]',
         "m5", "TypeConstraintViolation"),
        ("string too long", '[2,"m6","Authorize",{"idTag":"' + "X" * 21 + '"}]', "m6", "TypeConstraintViolation"),
        ("value outside the enumeration",
         '[2,"m7","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Sleeping"}]',
         "m7", "PropertyConstraintViolation"),
        ("unknown property", '[2,"m8","Heartbeat",{"extra":1}]', "m8", "FormationViolation"),
        ("empty meter value list", '[2,"m9","MeterValues",{"connectorId":1,"meterValue":[]}]', "m9",
         "OccurenceConstraintViolation"),
    ]
    async with websockets.connect(f"{url}/{cp_id}", subprotocols=[Subprotocol("ocpp1.6")], ssl=ssl_context,
                                  additional_headers={"Authorization": basic(cp_id, PASSWORD)}) as ws:
        for name, text, expected_id, expected_code in cases:
            await ws.send(text)
            reply = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
            checks.check(reply[0] == 4 and reply[1] == expected_id and reply[2] == expected_code,
                         f"malformed frame ({name}) answered {expected_code}: got {reply[:3]}")
        await ws.send('[2,"alive","Heartbeat",{}]')
        reply = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
        checks.check(reply[0] == 3 and reply[1] == "alive" and "currentTime" in reply[2],
                     "connection kept after malformed frames (Heartbeat answered)")


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True, help="ws(s)://host:port/ocpp; the charge point id is appended")
    parser.add_argument("--api", required=True)
    parser.add_argument("--token", required=True, help="a province token")
    parser.add_argument("--ca", help="PEM CA for wss://")
    parser.add_argument("--tls-only", action="store_true", help="only the boot over TLS (security profile 2)")
    args = parser.parse_args()
    api, checks = API(args.api, args.token), Checks()
    ssl_context = ssl.create_default_context(cafile=args.ca) if args.ca else None
    cp_id = "CP-ZJ-TLS" if args.tls_only else "CP-ZJ-0001"

    for cp in ([cp_id] if args.tls_only else [cp_id, "CP-ZJ-RAW"]):
        status, _ = await api("POST", "/api/v1/ocpp/charge-points", {"id": cp, "password": PASSWORD,
                                                                     "stationId": "ST-HZ-1"})
        checks.check(status == 201, f"charge point {cp} registered")
    await api("PUT", "/api/v1/ocpp/id-tags", {"idTag": "RFID0001", "status": "Accepted"})
    await api("PUT", "/api/v1/ocpp/id-tags", {"idTag": "BLOCKED1", "status": "Blocked"})

    url = args.url.rstrip("/")
    refused = await handshake_status(f"{url}/{cp_id}", {"Authorization": basic(cp_id, "wrong-password-0000")},
                                     [Subprotocol("ocpp1.6")], ssl_context)
    checks.check(refused == 401, f"wrong password refused with 401, no upgrade: {refused}")
    refused = await handshake_status(f"{url}/{cp_id}", {"Authorization": basic(cp_id, PASSWORD)},
                                     [Subprotocol("ocpp2.0.1")], ssl_context)
    checks.check(refused == 400, f"handshake without subprotocol ocpp1.6 refused: {refused}")

    async with websockets.connect(f"{url}/{cp_id}", subprotocols=[Subprotocol("ocpp1.6")], ssl=ssl_context,
                                  additional_headers={"Authorization": basic(cp_id, PASSWORD)}) as ws:
        checks.check(ws.subprotocol == "ocpp1.6", "subprotocol ocpp1.6 negotiated")
        cp = SimChargePoint(cp_id, ws)
        listener = asyncio.create_task(cp.start())
        boot = await cp.call(call.BootNotification(charge_point_vendor="AnchorSim", charge_point_model="DC-120kW-GBT",
                                                   charge_point_serial_number="SN-1", firmware_version="1.0.0"))
        checks.check(boot.status == RegistrationStatus.accepted and boot.interval > 0, "boot accepted")
        if not args.tls_only:
            await interop(cp, api, checks, cp_id)
            await raw_frames(url, "CP-ZJ-RAW", checks, ssl_context)
        listener.cancel()

    print(f"{checks.passed} passed, {len(checks.failed)} failed")
    return 1 if checks.failed else 0


async def interop(cp, api, checks, cp_id):
    for connector in (0, 1, 2):
        await cp.status(connector, ChargePointStatus.available)
    _, view = await api("GET", f"/api/v1/ocpp/charge-points/{cp_id}")
    statuses = {c["connectorId"]: (c["status"], c["tcecStatus"]) for c in view["connectors"]}
    checks.check(statuses == {0: ("Available", 1), 1: ("Available", 1), 2: ("Available", 1)},
                 f"status notifications stored with T/CEC codes: {statuses}")
    checks.check(view["vendor"] == "AnchorSim" and view["connected"], "boot info stored, charge point connected")
    heartbeat = await cp.call(call.Heartbeat())
    checks.check(bool(heartbeat.current_time), "heartbeat answered")

    authorised = await cp.call(call.Authorize(id_tag="RFID0001"))
    checks.check(authorised.id_tag_info["status"] == AuthorizationStatus.accepted, "id tag RFID0001 authorised")
    for tag, expected in (("BADTAG", AuthorizationStatus.invalid), ("BLOCKED1", AuthorizationStatus.blocked)):
        refused = await cp.call(call.Authorize(id_tag=tag))
        checks.check(refused.id_tag_info["status"] == expected, f"id tag {tag} rejected as {expected}")

    tx, status = await cp.start_transaction(1, "RFID0001")
    checks.check(status == AuthorizationStatus.accepted and tx > 0, f"transaction {tx} started")
    await cp.meter(1, tx, 3)
    await cp.stop(tx, Reason.local, "RFID0001")
    _, detail = await api("GET", f"/api/v1/ocpp/transactions/{tx}")
    record = detail["transaction"]
    checks.check(record["stopReason"] == "Local" and record["energyWh"] == 8500,
                 f"transaction stored: {record['energyWh']} Wh, reason {record['stopReason']}")
    energy = [v for v in detail["meterValues"] if v["measurand"] == "Energy.Active.Import.Register"]
    checks.check(len(detail["meterValues"]) == 10 and len(energy) == 4,
                 f"meter values stored: {len(detail['meterValues'])} samples, {len(energy)} energy readings")
    rejected_tx, rejected = await cp.start_transaction(2, "BADTAG")
    checks.check(rejected == AuthorizationStatus.invalid, "StartTransaction with a rejected id tag answered Invalid")
    _, listed = await api("GET", f"/api/v1/ocpp/transactions?idTag=BADTAG")
    checks.check([t["authorization"] for t in listed["transactions"]] == ["Invalid"],
                 "the rejected start is recorded as Invalid")

    status, started = await api("POST", f"/api/v1/ocpp/charge-points/{cp_id}/RemoteStartTransaction",
                                {"idTag": "RFID0001", "connectorId": 2})
    checks.check(status == 200 and started["response"]["status"] == "Accepted",
                 f"remote start answered Accepted: {status} {started}")

    async def running():
        _, page = await api("GET", f"/api/v1/ocpp/transactions?chargePointId={cp_id}&idTag=RFID0001&active=true")
        return page["transactions"]
    checks.check(await wait_for(running), "remote start led to a running transaction")
    remote_tx = (await running())[0]["id"]
    status, stopped = await api("POST", f"/api/v1/ocpp/charge-points/{cp_id}/RemoteStopTransaction",
                                {"transactionId": remote_tx})
    checks.check(status == 200 and stopped["response"]["status"] == "Accepted",
                 f"remote stop answered Accepted: {status} {stopped}")

    async def stopped_remotely():
        _, one = await api("GET", f"/api/v1/ocpp/transactions/{remote_tx}")
        return one["transaction"]["stopReason"] == "Remote"
    checks.check(await wait_for(stopped_remotely), "remote stop led to the transaction stopped with reason Remote")

    status, config = await api("POST", f"/api/v1/ocpp/charge-points/{cp_id}/GetConfiguration",
                               {"key": ["HeartbeatInterval", "Nope"]})
    checks.check(status == 200 and config["response"].get("unknownKey") == ["Nope"], "GetConfiguration answered")
    status, trigger = await api("POST", f"/api/v1/ocpp/charge-points/{cp_id}/TriggerMessage",
                                {"requestedMessage": "Heartbeat"})
    checks.check(status == 200 and trigger["response"]["status"] == "Accepted", "TriggerMessage answered")
    status, bad = await api("POST", f"/api/v1/ocpp/charge-points/{cp_id}/Reset", {"type": "Sideways"})
    checks.check(status == 400 and bad["error"]["field"] == "type", "an invalid remote operation refused with 400")
    status, _ = await api("POST", "/api/v1/ocpp/charge-points/CP-ZJ-RAW/Reset", {"type": "Soft"})
    checks.check(status == 409, "a remote operation to a charge point not connected answers 409")


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
