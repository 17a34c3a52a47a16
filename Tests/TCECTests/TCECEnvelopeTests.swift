import Foundation
import TCEC
import Testing

/// The envelope against T/CEC 102.4's published example and vectors computed independently with OpenSSL and
/// Python's hmac (AES-CBC with a fixed IV is deterministic, so the ciphertext itself is checkable).
@Suite("T/CEC 102 envelope")
struct TCECEnvelopeTests {
    /// The standard's example: every secret is `1234567890abcdef`.
    static let exampleSecrets = try! TCECSecrets(
        operatorSecret: "1234567890abcdef", dataSecret: "1234567890abcdef", dataSecretIV: "1234567890abcdef",
        sigSecret: "1234567890abcdef")
    static let exampleBody = Data(
        #"""
        {"OperatorID":"123456789","Data":"il7B0BSEjFdzpyKzfOFpvg/Se1CP802RItKYFPfSLRxJ3jf0bVl9hvYOEktPAYW2nd7S8MBcyHYyacHKbISq5iTmDzG+ivnR+SZJv3USNTYVMz9rCQVSxd0cLlqsJauko79NnwQJbzDTyLooYoIwz75qBOH2/xOMirpeEqRJrF/EQjWekJmGk9RtboXePu2rka+Xm51syBPhiXJAq0GfbfaFu9tNqs/e2Vjja/ltE1M0lqvxfXQ6da6HrThsm5id4ClZFIi0acRfrsPLRixS/IQYtksxghvJwbqOsbIsITail9Ayy4tKcogeEZiOO+4Ed264NSKmk7l3wKwJLAFjCFogBx8GE3OBz4pqcAn/ydA=","TimeStamp":"20160729142400","Seq":"0001","Sig":"745166E8C43C84D37FFEC0F529C4136F"}
        """#.utf8)

    @Test("the standard's example request verifies, decrypts and decodes")
    func standardExample() throws {
        let request = try TCECRequest(body: Self.exampleBody)
        let cipher = TCECCipher(Self.exampleSecrets)
        #expect(cipher.sign(request.signedText) == "745166E8C43C84D37FFEC0F529C4136F")
        let payload = try request.open(with: cipher)
        let text = try #require(String(data: payload, encoding: .utf8))
        #expect(text.hasPrefix(#"{"total":1,"stationStatusInfo":{"operationID":"123456789""#))
        // The example's JSON has a trailing comma (strict JSON parsers refuse it) and lowercase keys with the
        // singular `stationStatusInfo` object where the standard has a list: decoding tolerates all three.
        #expect(text.hasSuffix(#""soc":10,}}}"#))
        let result = try TCECJSON.decode(StationStatusResult.self, from: payload)
        #expect(result.total == 1)
        #expect(result.stationStatusInfos.map(\.stationID) == ["111111111111111"])
        #expect(
            result.stationStatusInfos.first?.connectorStatusInfos == [ConnectorStatusInfo(connectorID: "1", status: 4)])
    }

    @Test("a sealed request matches the independently computed ciphertext and signature")
    func sealedRequestVector() throws {
        let payload = Data(#"{"OperatorID":"123456789","OperatorSecret":"1234567890abcdef"}"#.utf8)
        let request = try TCECRequest(
            sealing: payload, operatorID: "123456789", cipher: TCECCipher(Self.exampleSecrets),
            timeStamp: "20160729142400", seq: "0001")
        #expect(
            request.data == "mYvffpNoFf4E/ZTC1tOw4+S74uaNgpDhWMT5uPmKMx85MaH8xOvGGkfRD+sxTiozejsfxIVge8Hi9/aaO4BIyg==")
        #expect(request.sig == "5D3C4D4E398BB0B511BF5F2E673D8DD6")
        #expect(try request.open(with: TCECCipher(Self.exampleSecrets)) == payload)
    }

    @Test("a sealed response signs Ret + Msg + Data")
    func sealedResponseVector() throws {
        let cipher = TCECCipher(Self.exampleSecrets)
        let response = try TCECResponse(success: Data(#"{"Status":0}"#.utf8), cipher: cipher)
        #expect(response.ret == 0)
        #expect(response.data == "9MVkuXXxCLW2u0cUb7YXOA==")
        #expect(response.sig == "A865BF62B6233B86D336DE11D6D67B0B")
        let decoded = try TCECResponse(body: response.encoded())
        #expect(try decoded.open(with: cipher) == Data(#"{"Status":0}"#.utf8))
    }

    @Test("tampering is caught before decryption, and a wrong key is a 4003")
    func tampering() throws {
        let cipher = TCECCipher(Self.exampleSecrets)
        var request = try TCECRequest(body: Self.exampleBody)
        request.seq = "0002"
        #expect(throws: TCECError.signature) { try request.open(with: cipher) }
        // Lowercase signatures are accepted: several operators send them.
        var lower = try TCECRequest(body: Self.exampleBody)
        lower.sig = lower.sig.lowercased()
        #expect(throws: Never.self) { try lower.open(with: cipher) }
        let other = try TCECSecrets(
            operatorSecret: "x", dataSecret: "abcdefghijklmnop", dataSecretIV: "1234567890abcdef",
            sigSecret: "1234567890abcdef")
        #expect(throws: TCECError.self) { try TCECRequest(body: Self.exampleBody).open(with: TCECCipher(other)) }
    }

    @Test("a missing envelope field is a 4003 naming it")
    func missingField() {
        let body = Data(#"{"OperatorID":"123456789","Data":"AAAA","TimeStamp":"20160729142400","Sig":"00"}"#.utf8)
        #expect(throws: TCECError.postParameter("Seq: required")) { try TCECRequest(body: body) }
        #expect(throws: TCECError.postParameter("body: not a JSON object")) { try TCECRequest(body: Data("[1]".utf8)) }
        #expect(TCECError.postParameter("Seq: required").ret.rawValue == 4003)
    }

    @Test("secrets of the wrong length are refused, naming the field")
    func secretLengths() {
        #expect(throws: TCECError.businessParameter("DataSecret: must be 16 ASCII characters (AES-128 key)")) {
            try TCECSecrets(operatorSecret: "a", dataSecret: "short", dataSecretIV: "1234567890abcdef", sigSecret: "s")
        }
        let random = TCECSecrets.random()
        #expect(random.dataSecret.utf8.count == 16 && random.dataSecretIV.utf8.count == 16)
    }

    @Test("TimeStamp is Beijing time and Seq runs 0001 to 9999")
    func stamps() {
        // 2016-07-29 06:24:00 UTC is 14:24 in Beijing: the standard's example time.
        #expect(TCECStamp.timeStamp(unixSeconds: 1_469_773_440) == "20160729142400")
        // The year turns at 16:00 UTC.
        #expect(TCECStamp.timeStamp(unixSeconds: 1_704_038_399) == "20231231235959")
        #expect(TCECStamp.timeStamp(unixSeconds: 1_704_038_400) == "20240101000000")
        let stamp = TCECStamp()
        #expect(stamp.nextSeq() == "0001")
        for _ in 0..<9997 { _ = stamp.nextSeq() }
        #expect(stamp.nextSeq() == "9999")
        #expect(stamp.nextSeq() == "0001")
    }

    @Test("payload errors name the field path")
    func payloadErrors() {
        let payload = Data(#"{"ConnectorStatusInfo":{"ConnectorID":"C1","Status":7}}"#.utf8)
        #expect(throws: TCECError.self) { try TCECJSON.decode(StationStatusNotification.self, from: payload) }
        do {
            _ = try TCECJSON.decode(StationStatusNotification.self, from: payload)
        } catch {
            #expect("\(error)".contains("ConnectorStatusInfo.Status"))
        }
        let missing = Data(#"{"ConnectorStatusInfo":{"Status":1}}"#.utf8)
        #expect(throws: TCECError.businessParameter("ConnectorStatusInfo.ConnectorID: required")) {
            try TCECJSON.decode(StationStatusNotification.self, from: missing)
        }
    }
}
