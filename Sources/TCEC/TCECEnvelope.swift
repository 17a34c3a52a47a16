import Foundation
import Model
import Synchronization

/// The request envelope of T/CEC 102.4: `{OperatorID, Data, TimeStamp, Seq, Sig}`.
public struct TCECRequest: Sendable, Equatable, Codable {
    /// The caller's 9-character organisation code (组织机构代码).
    public var operatorID: String
    /// Base64 AES-128-CBC of the JSON payload.
    public var data: String
    /// `yyyyMMddHHmmss`, Beijing time.
    public var timeStamp: String
    /// Four-digit sequence within the second, `0001`...
    public var seq: String
    /// Uppercase hex HMAC-MD5 of `OperatorID + Data + TimeStamp + Seq`.
    public var sig: String

    enum CodingKeys: String, CodingKey {
        case operatorID = "OperatorID"
        case data = "Data"
        case timeStamp = "TimeStamp"
        case seq = "Seq"
        case sig = "Sig"
    }

    public init(operatorID: String, data: String, timeStamp: String, seq: String, sig: String) {
        self.operatorID = operatorID
        self.data = data
        self.timeStamp = timeStamp
        self.seq = seq
        self.sig = sig
    }

    /// Encrypts and signs `payload`.
    public init(sealing payload: Data, operatorID: String, cipher: TCECCipher, timeStamp: String, seq: String)
        throws(TCECError)
    {
        let data = try cipher.encrypt(payload)
        self.init(
            operatorID: operatorID, data: data, timeStamp: timeStamp, seq: seq,
            sig: cipher.sign(operatorID + data + timeStamp + seq))
    }

    /// Reads the envelope of a POST body; a missing or empty field is a 4003 naming it.
    public init(body: Data) throws(TCECError) {
        let fields: Fields
        do {
            fields = try TCECJSON.decoder().decode(Fields.self, from: body)
        } catch {
            throw .postParameter("body: not a JSON object")
        }
        func field(_ value: String?, _ name: String) throws(TCECError) -> String {
            guard let value, !value.isEmpty else { throw .postParameter("\(name): required") }
            return value
        }
        self.init(
            operatorID: try field(fields.operatorID, "OperatorID"), data: try field(fields.data, "Data"),
            timeStamp: try field(fields.timeStamp, "TimeStamp"), seq: try field(fields.seq, "Seq"),
            sig: try field(fields.sig, "Sig"))
    }

    /// The envelope as sent: any key case (`OperatorId` and `operatorID` are both seen), numbers for `Seq`.
    private struct Fields: Decodable {
        var operatorID, data, timeStamp, seq, sig: String?

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: TCECKey.self)
            operatorID = try c.identifier("OperatorID")
            data = try c.identifier("Data")
            timeStamp = try c.identifier("TimeStamp")
            seq = try c.identifier("Seq")
            sig = try c.identifier("Sig")
        }
    }

    /// The text `Sig` signs.
    public var signedText: String { operatorID + data + timeStamp + seq }

    /// Verifies the signature first, then decrypts (102.4 asks for that order).
    public func open(with cipher: TCECCipher) throws(TCECError) -> Data {
        guard cipher.verify(sig, of: signedText) else { throw .signature }
        return try cipher.decrypt(data)
    }

    /// The JSON body.
    public func encoded() throws(TCECError) -> Data {
        try TCECJSON.encode(self)
    }
}

/// The response envelope: `{Ret, Msg, Data, Sig}` with `Sig` = HMAC-MD5 of `Ret + Msg + Data`.
public struct TCECResponse: Sendable, Equatable, Codable {
    public var ret: Int
    public var msg: String
    /// Base64 AES-128-CBC of the JSON payload; empty on failures.
    public var data: String
    public var sig: String

    enum CodingKeys: String, CodingKey {
        case ret = "Ret"
        case msg = "Msg"
        case data = "Data"
        case sig = "Sig"
    }

    public init(ret: Int, msg: String, data: String, sig: String) {
        self.ret = ret
        self.msg = msg
        self.data = data
        self.sig = sig
    }

    /// A success carrying `payload`, encrypted and signed.
    public init(success payload: Data, cipher: TCECCipher) throws(TCECError) {
        let data = try cipher.encrypt(payload)
        let msg = ""
        self.init(ret: TCECRet.success.rawValue, msg: msg, data: data, sig: cipher.sign("0" + msg + data))
    }

    /// A failure; signed when the caller is known, unsigned (empty `Sig`) when it is not.
    public init(failure error: TCECError, cipher: TCECCipher?) {
        let ret = error.ret.rawValue
        let msg = error.description
        self.init(ret: ret, msg: msg, data: "", sig: cipher?.sign("\(ret)" + msg) ?? "")
    }

    /// Reads a response body.
    public init(body: Data) throws(TCECError) {
        do {
            self = try TCECJSON.decoder().decode(TCECResponse.self, from: body)
        } catch let error as DecodingError {
            throw .system("operator response: \(TCECJSON.describe(error))")
        } catch {
            throw .system("operator response: \(error)")
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TCECKey.self)
        ret = try container.required(Int.self, "Ret")
        msg = try container.lenient(String.self, "Msg") ?? ""
        data = try container.lenient(String.self, "Data") ?? ""
        sig = try container.lenient(String.self, "Sig") ?? ""
    }

    /// The text `Sig` signs.
    public var signedText: String { "\(ret)" + msg + data }

    /// The payload of a successful response, after checking its signature. A non-zero `Ret` becomes the
    /// matching error, carrying the operator's `Msg`.
    public func open(with cipher: TCECCipher) throws(TCECError) -> Data {
        guard ret == TCECRet.success.rawValue else {
            switch TCECRet(rawValue: ret) {
            case .signatureError: throw .signature
            case .tokenError: throw .token
            case .postParameterInvalid: throw .postParameter(msg)
            case .businessParameterInvalid: throw .businessParameter(msg)
            case .busy: throw .busy
            default: throw .system("Ret \(ret): \(msg)")
            }
        }
        guard cipher.verify(sig, of: signedText) else { throw .signature }
        return try cipher.decrypt(data)
    }

    /// The JSON body.
    public func encoded() throws(TCECError) -> Data {
        try TCECJSON.encode(self)
    }
}

/// `TimeStamp` and `Seq` for requests we send.
public final class TCECStamp: Sendable {
    private let counter = Mutex(0)

    public init() {}

    /// `yyyyMMddHHmmss` in Beijing time (UTC+8, no daylight saving).
    public static func timeStamp(unixSeconds: Int64) -> String {
        // The platform's own date formatting, Beijing-shifted; keep the digits of `YYYY-MM-DDTHH:MM:SS`.
        String(Clock.iso8601(micros: (unixSeconds + 8 * 3600) * 1_000_000).prefix(19).filter(\.isNumber))
    }

    /// The next `Seq`: `0001` to `9999`, then round again.
    public func nextSeq() -> String {
        let value = counter.withLock { value in
            value = value % 9999 + 1
            return value
        }
        return String(format: "%04d", value)
    }
}
