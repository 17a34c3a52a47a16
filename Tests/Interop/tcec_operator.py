#!/usr/bin/env python3
"""An operator platform speaking T/CEC 102, written from the standard independently of nevbrain's Swift code.

AES-128-CBC/PKCS#7 comes from the `cryptography` package and HMAC-MD5 from Python's `hmac`, so a fault in
nevbrain's envelope shows up here as a signature or decryption failure.

  push   calls the platform as an operator does: query_token, notification_stationInfo,
         notification_stationStatus, and the failures (wrong secret, no token, forged signature, bad status).
  serve  answers the platform's pulls: query_token, query_stations_info (paged), query_station_status.

Each prints one JSON line with what happened; `push` exits non-zero when an answer is not what the standard
says it must be.
"""
import argparse, base64, datetime, hashlib, hmac, json, sys, threading, urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


class Secrets:
    def __init__(self, operator_secret, data_secret, data_secret_iv, sig_secret):
        self.operator_secret, self.key, self.iv, self.sig = operator_secret, data_secret.encode(), data_secret_iv.encode(), sig_secret.encode()

    def encrypt(self, payload: dict) -> str:
        padder = padding.PKCS7(128).padder()
        plain = padder.update(json.dumps(payload, ensure_ascii=False).encode()) + padder.finalize()
        enc = Cipher(algorithms.AES(self.key), modes.CBC(self.iv)).encryptor()
        return base64.b64encode(enc.update(plain) + enc.finalize()).decode()

    def decrypt(self, data: str) -> dict:
        dec = Cipher(algorithms.AES(self.key), modes.CBC(self.iv)).decryptor()
        padded = dec.update(base64.b64decode(data)) + dec.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return json.loads(unpadder.update(padded) + unpadder.finalize())

    def sign(self, text: str) -> str:
        return hmac.new(self.sig, text.encode(), hashlib.md5).hexdigest().upper()


def beijing_timestamp():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).strftime("%Y%m%d%H%M%S")


def seal(secrets, operator_id, payload, seq):
    data = secrets.encrypt(payload)
    stamp = beijing_timestamp()
    return {"OperatorID": operator_id, "Data": data, "TimeStamp": stamp, "Seq": f"{seq:04d}",
            "Sig": secrets.sign(operator_id + data + stamp + f"{seq:04d}")}


def station(operator_id, station_id, connectors, lng=120.2108, lat=30.2467):
    """A public DC station in Hangzhou (GCJ-02, as T/CEC requires), one charger with `connectors` guns."""
    return {
        "StationID": station_id, "OperatorID": operator_id, "EquipmentOwnerID": operator_id,
        "StationName": f"互联互通测试站 {station_id}", "CountryCode": "CN", "AreaCode": "330106",
        "Address": "浙江省杭州市西湖区文三路 1 号", "ServiceTel": "95598", "StationType": 1, "StationStatus": 50,
        "ParkNums": 8, "StationLng": lng, "StationLat": lat, "Construction": 4, "BusineHours": "00:00-24:00",
        "ElectricityFee": "0.8元/度", "ServiceFee": "0.4元/度", "ParkFee": "免费", "Payment": "线上",
        "EquipmentInfos": [{
            "EquipmentID": station_id + "-E1", "EquipmentType": 1, "Power": 120.0, "EquipmentLng": lng,
            "EquipmentLat": lat,
            "ConnectorInfos": [{"ConnectorID": f"{station_id}-E1-{n}", "ConnectorType": 4, "VoltageUpperLimits": 750,
                                "VoltageLowerLimits": 200, "Current": 250, "Power": 60.0, "NationalStandard": 2}
                               for n in range(1, connectors + 1)],
        }],
    }


def push(args):
    secrets = Secrets(args.operator_secret, args.data_secret, args.data_secret_iv, args.sig_secret)
    seq = [0]
    failures = []

    def call(interface, payload, token=None, envelope_secrets=None, raw=None):
        seq[0] += 1
        body = raw if raw is not None else seal(envelope_secrets or secrets, args.operator_id, payload, seq[0])
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        request = urllib.request.Request(f"{args.platform}/{interface}", data=json.dumps(body).encode(), headers=headers)
        with urllib.request.urlopen(request) as response:
            answer = json.loads(response.read())
        if answer["Ret"] == 0:
            if answer["Sig"] != secrets.sign(f'{answer["Ret"]}{answer["Msg"]}{answer["Data"]}'):
                failures.append(f"{interface}: response signature does not verify")
            return 0, secrets.decrypt(answer["Data"]), answer["Msg"]
        return answer["Ret"], None, answer["Msg"]

    def expect(what, condition):
        if not condition:
            failures.append(what)

    ret, token_result, _ = call("query_token", {"OperatorID": args.operator_id, "OperatorSecret": secrets.operator_secret})
    expect(f"query_token Ret 0, got {ret}", ret == 0 and token_result["SuccStat"] == 0)
    token = token_result["AccessToken"] if token_result else ""
    ret, wrong, _ = call("query_token", {"OperatorID": args.operator_id, "OperatorSecret": "guess"})
    expect("wrong OperatorSecret: SuccStat 1, FailReason 2", ret == 0 and wrong["SuccStat"] == 1 and wrong["FailReason"] == 2)

    info = station(args.operator_id, args.station_id, 2)
    ret, result, msg = call("notification_stationInfo", {"StationInfo": info}, token)
    expect(f"notification_stationInfo accepted (Ret {ret} {msg})", ret == 0 and result["Status"] == 0)

    connector = f"{args.station_id}-E1-1"
    ret, result, msg = call("notification_stationStatus",
                            {"ConnectorStatusInfo": {"ConnectorID": connector, "Status": 3, "ParkStatus": 50, "LockStatus": 0}}, token)
    expect(f"notification_stationStatus accepted (Ret {ret} {msg})", ret == 0 and result["Status"] == 0)
    ret, result, _ = call("notification_stationStatus", {"ConnectorStatusInfo": {"ConnectorID": "NO-SUCH-GUN", "Status": 1}}, token)
    expect("unknown connector answered Status 1 (ignored)", ret == 0 and result["Status"] == 1)

    ret, _, _ = call("notification_stationStatus", {"ConnectorStatusInfo": {"ConnectorID": connector, "Status": 1}})
    expect(f"no token: Ret 4002, got {ret}", ret == 4002)
    forged = Secrets(args.operator_secret, args.data_secret, args.data_secret_iv, "not-the-sig-secret")
    ret, _, _ = call("notification_stationStatus", {"ConnectorStatusInfo": {"ConnectorID": connector, "Status": 1}}, token, forged)
    expect(f"forged signature: Ret 4001, got {ret}", ret == 4001)
    ret, _, msg = call("notification_stationStatus", {"ConnectorStatusInfo": {"ConnectorID": connector, "Status": 7}}, token)
    expect(f"status 7: Ret 4004 naming Status, got {ret} {msg}", ret == 4004 and "Status" in msg)
    ret, _, msg = call("notification_stationStatus", None, token, raw={"OperatorID": args.operator_id, "Data": "x"})
    expect(f"envelope without Seq: Ret 4003, got {ret} {msg}", ret == 4003)

    print(json.dumps({"token": bool(token), "failures": failures}, ensure_ascii=False))
    return 1 if failures else 0


def serve(args):
    """Answers the platform's pulls with `--stations` stations of `--connectors` guns each, pages of PageSize."""
    secrets = Secrets(args.operator_secret, args.data_secret, args.data_secret_iv, args.sig_secret)
    stations = [station(args.operator_id, f"PY{n:04d}", args.connectors, 120.1 + n * 0.001, 30.2 + n * 0.001)
                for n in range(1, args.stations + 1)]
    calls = []

    class Handler(BaseHTTPRequestHandler):
        def reply(self, ret, msg="", payload=None):
            data = secrets.encrypt(payload) if payload is not None else ""
            body = json.dumps({"Ret": ret, "Msg": msg, "Data": data, "Sig": secrets.sign(f"{ret}{msg}{data}")}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            interface = self.path.rsplit("/", 1)[-1]
            calls.append(interface)
            envelope = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            signed = envelope["OperatorID"] + envelope["Data"] + envelope["TimeStamp"] + envelope["Seq"]
            if envelope["Sig"] != secrets.sign(signed):
                return self.reply(4001, "签名错误")
            payload = secrets.decrypt(envelope["Data"])
            if interface == "query_token":
                ok = payload.get("OperatorSecret") == secrets.operator_secret
                return self.reply(0, "", {"OperatorID": envelope["OperatorID"], "SuccStat": 0 if ok else 1,
                                          "AccessToken": "py-token" if ok else "", "TokenAvailableTime": 7200,
                                          "FailReason": 0 if ok else 2})
            if self.headers.get("Authorization") != "Bearer py-token":
                return self.reply(4002, "Token错误")
            if interface == "query_stations_info":
                size, page = payload["PageSize"], payload["PageNo"]
                count = max(1, -(-len(stations) // size))
                return self.reply(0, "", {"PageNo": page, "PageCount": count, "ItemSize": len(stations),
                                          "StationInfos": stations[(page - 1) * size: page * size]})
            if interface == "query_station_status":
                infos = [{"StationID": sid, "ConnectorStatusInfos": [
                    {"ConnectorID": f"{sid}-E1-{n}", "Status": 3 if n == 1 else 1, "ParkStatus": 0, "LockStatus": 0}
                    for n in range(1, args.connectors + 1)]} for sid in payload["StationIDs"]]
                return self.reply(0, "", {"Total": len(infos), "StationStatusInfos": infos})
            return self.reply(4003, "interface")

        def log_message(self, *a):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(json.dumps({"listening": args.port, "stations": len(stations)}), flush=True)
    server.serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["push", "serve"])
    parser.add_argument("--platform", help="push: the platform's interface root, e.g. http://127.0.0.1:8080/evcs/v20160701")
    parser.add_argument("--port", type=int, default=0, help="serve: port on 127.0.0.1")
    parser.add_argument("--operator-id", required=True)
    parser.add_argument("--operator-secret", required=True)
    parser.add_argument("--data-secret", required=True)
    parser.add_argument("--data-secret-iv", required=True)
    parser.add_argument("--sig-secret", required=True)
    parser.add_argument("--station-id", default="PYPUSH01")
    parser.add_argument("--stations", type=int, default=120)
    parser.add_argument("--connectors", type=int, default=2)
    args = parser.parse_args()
    sys.exit(push(args) if args.mode == "push" else serve(args))


if __name__ == "__main__":
    main()
