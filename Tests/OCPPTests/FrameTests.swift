import OCPP
import Testing

/// OCPP-J framing: what is a CALL, CALLRESULT and CALLERROR, and what answer a broken frame gets.
@Suite("OCPP-J frames")
struct FrameTests {
    @Test func readsTheThreeMessageTypes() throws {
        let call = try OCPPFrame.parse(
            #"[2,"19223201","BootNotification",{"chargePointVendor":"VendorX","chargePointModel":"SingleSocketCharger"}]"#
        ).get()
        #expect(
            call
                == .call(
                    id: "19223201", action: "BootNotification",
                    payload: .object([
                        "chargePointVendor": .string("VendorX"), "chargePointModel": .string("SingleSocketCharger"),
                    ])))
        let result = try OCPPFrame.parse(
            #"[3,"19223201",{"currentTime":"2013-02-01T20:53:32.486Z","interval":300,"status":"Accepted"}]"#
        ).get()
        #expect(result.id == "19223201")
        guard case .callResult(_, let payload) = result else {
            Issue.record("not a CALLRESULT")
            return
        }
        #expect(payload.objectValue?["interval"] == .integer(300))
        let error = try OCPPFrame.parse(
            #"[4,"162376037","NotSupported","SetDisplayMessageRequest not implemented",{}]"#
        ).get()
        #expect(
            error
                == .callError(
                    id: "162376037", code: "NotSupported", description: "SetDisplayMessageRequest not implemented",
                    details: .object([:])))
    }

    @Test func encodesWhatItReads() throws {
        let frames: [OCPPFrame] = [
            .call(id: "a-1", action: "Heartbeat", payload: .object([:])),
            .callResult(id: "a-1", payload: .object(["currentTime": .string("2026-11-25T04:02:11.000Z")])),
            .callError(id: "x", code: "ProtocolError", description: "needs \"idTag\"", details: .object([:])),
        ]
        for frame in frames {
            #expect(try OCPPFrame.parse(frame.text).get() == frame)
        }
        #expect(OCPPFrame.call(id: "7", action: "Heartbeat", payload: .object([:])).text == #"[2,"7","Heartbeat",{}]"#)
    }

    @Test(
        arguments: [
            ("not json at all", nil),
            (#"{"a":1}"#, nil),
            ("[]", nil),
            (#"["2","x","Heartbeat",{}]"#, nil),
            (#"[2,17,"Heartbeat",{}]"#, nil),
            (#"[2,"","Heartbeat",{}]"#, nil),
            (#"[2,"0123456789012345678901234567890123456","Heartbeat",{}]"#, nil),
            (#"[5,"m1",{}]"#, "m1"),
            (#"[2,"m2","Heartbeat"]"#, "m2"),
            (#"[2,"m3","Heartbeat",[]]"#, "m3"),
            (#"[2,"m4",42,{}]"#, "m4"),
            (#"[3,"m5","ok"]"#, "m5"),
            (#"[4,"m6","GenericError"]"#, "m6"),
        ] as [(String, String?)])
    func brokenFramesAreFormationViolations(text: String, id: String?) {
        guard case .failure(let error) = OCPPFrame.parse(text) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(error.code == .formationViolation)
        #expect(error.id == id)
        guard case .callError(let replyID, let code, _, _) = error.reply else {
            Issue.record("reply is not a CALLERROR")
            return
        }
        #expect(replyID == (id ?? "-1"))
        #expect(code == "FormationViolation")
    }
}

/// RFC 3339 date-times as OCPP carries them.
@Suite("OCPP date-time")
struct DateTimeTests {
    @Test(
        arguments: [
            ("1970-01-01T00:00:00Z", 0),
            ("2026-11-25T04:02:11Z", 1_795_579_331_000_000),
            ("2026-11-25T04:02:11.501Z", 1_795_579_331_501_000),
            ("2026-11-25T12:02:11.501234+08:00", 1_795_579_331_501_234),
            ("2026-11-24T23:32:11.5-04:30", 1_795_579_331_500_000),
            ("2024-02-29T00:00:00z", 1_709_164_800_000_000),
        ] as [(String, Int64)])
    func parsesInstants(text: String, micros: Int64) throws {
        #expect(try #require(OCPPDateTime(rfc3339: text)).micros == micros)
    }

    @Test(arguments: [
        "2026-11-25T04:02:11", "2026-11-25", "2026-13-01T00:00:00Z", "2025-02-29T00:00:00Z", "2026-11-25T24:00:00Z",
        "2026-11-25T04:02:11.Z", "2026-11-25T04:02:11+0800", "tomorrow", "2026-11-25T04:02:11Z ",
    ])
    func refusesWhatIsNotRFC3339(text: String) {
        #expect(OCPPDateTime(rfc3339: text) == nil)
    }

    @Test func writesUTCWithMilliseconds() throws {
        let instant = OCPPDateTime(micros: 1_795_579_331_501_999)
        #expect(instant.description == "2026-11-25T04:02:11.501Z")
        #expect(try #require(OCPPDateTime(rfc3339: instant.description)).micros == 1_795_579_331_501_000)
        #expect(OCPPDateTime(micros: -1).description == "1969-12-31T23:59:59.999Z")
    }
}

/// The OCPP → T/CEC 102 connector status mapping.
@Suite("T/CEC status mapping")
struct StatusMappingTests {
    @Test func everyOCPPStatusHasItsCode() {
        let expected: [ChargePointStatus: Int] = [
            .available: 1, .preparing: 2, .finishing: 2, .charging: 3, .suspendedEV: 3, .suspendedEVSE: 3,
            .reserved: 4, .faulted: 255, .unavailable: 255,
        ]
        #expect(expected.count == ChargePointStatus.allCases.count)
        for status in ChargePointStatus.allCases {
            #expect(TCECConnectorStatus(status).rawValue == expected[status], "\(status)")
        }
    }
}
