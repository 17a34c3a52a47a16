/// What went wrong with a T/CEC 102 exchange, each case carrying the `Ret` code the standard assigns
/// (102.4 §4: 0 success, 4001 signature, 4002 token, 4003 POST parameters, 4004 business parameters, 500 system).
public enum TCECError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `Sig` does not match the HMAC-MD5 of the signed fields.
    case signature
    /// Missing, unknown or expired access token.
    case token
    /// The envelope itself is unusable: a missing `OperatorID`, `Data`, `TimeStamp`, `Seq` or `Sig`, or `Data`
    /// that does not decrypt. The text names the field.
    case postParameter(String)
    /// The decrypted business payload is wrong; the text names the field.
    case businessParameter(String)
    /// Our side failed (store down, ...).
    case system(String)
    /// The standard's `-1` ("system busy, retry later").
    case busy

    /// The `Ret` code this error answers with.
    public var ret: TCECRet {
        switch self {
        case .signature: .signatureError
        case .token: .tokenError
        case .postParameter: .postParameterInvalid
        case .businessParameter: .businessParameterInvalid
        case .system: .systemError
        case .busy: .busy
        }
    }

    /// The `Msg` sent back.
    public var description: String {
        switch self {
        case .signature: "签名错误 (signature does not match)"
        case .token: "Token错误 (access token missing, unknown or expired)"
        case .postParameter(let field): "POST参数不合法: \(field)"
        case .businessParameter(let field): "业务参数不合法: \(field)"
        case .system(let detail): "系统错误: \(detail)"
        case .busy: "系统繁忙"
        }
    }
}

/// The `Ret` codes of T/CEC 102.4.
public enum TCECRet: Int, Sendable, Codable, CaseIterable {
    case busy = -1
    case success = 0
    case signatureError = 4001
    case tokenError = 4002
    case postParameterInvalid = 4003
    case businessParameterInvalid = 4004
    case systemError = 500
}
