/// The decoded data unit of a frame, one case per message kind (GB/T 32960.3 Table 3 / Table B.2).
public enum MessageBody: Hashable, Sendable, Codable {
    /// 0x01 vehicle login.
    case vehicleLogin(VehicleLogin)
    /// 0x02 realtime or 0x03 reissue report (the frame's command says which).
    case report(RealtimeReport)
    /// 0x04 vehicle logout.
    case vehicleLogout(VehicleLogout)
    /// 0x05 platform login.
    case platformLogin(PlatformLogin)
    /// 0x06 platform logout.
    case platformLogout(PlatformLogout)
    /// 0x07 heartbeat or 0x08 time-sync request, or any reply, with an empty data unit.
    case empty
    /// 0x09 activation (2025).
    case activation(Activation)
    /// 0x0A activation response (2025).
    case activationResponse(ActivationResponse)
    /// 0x0B data-unit key exchange (2025).
    case keyExchange(KeyExchange)
    /// 0x80 parameter query command.
    case parameterQuery(ParameterQuery)
    /// 0x80 reply with parameter values, or 0x81 parameter setting.
    case parameters(ParameterList)
    /// 0x82 terminal control.
    case terminalControl(TerminalControl)
    /// A reply whose data unit is only the 6-byte time (2016 main text and 2025 Table 4 style; also the platform
    /// time in a time-sync reply).
    case timeOnlyReply(CollectionTime)
    /// An encrypted data unit (RSA, AES, SM2, SM4), carried as ciphertext for the gateway to decrypt.
    case encrypted(RawBytes)
    /// A data unit the codec does not interpret (platform-custom commands 0xC0-0xFE; reserved commands and
    /// undefined encryption in lenient mode), verbatim.
    case opaque(RawBytes)

    /// A stable snake_case name used in JSON output.
    public var name: String {
        switch self {
        case .vehicleLogin: "vehicle_login"
        case .report: "report"
        case .vehicleLogout: "vehicle_logout"
        case .platformLogin: "platform_login"
        case .platformLogout: "platform_logout"
        case .empty: "empty"
        case .activation: "activation"
        case .activationResponse: "activation_response"
        case .keyExchange: "key_exchange"
        case .parameterQuery: "parameter_query"
        case .parameters: "parameters"
        case .terminalControl: "terminal_control"
        case .timeOnlyReply: "time_only_reply"
        case .encrypted: "encrypted"
        case .opaque: "opaque"
        }
    }

    /// The time carried first in the data unit, if the body has one.
    public var time: CollectionTime? {
        get {
            switch self {
            case .vehicleLogin(let b): b.time
            case .report(let b): b.time
            case .vehicleLogout(let b): b.time
            case .platformLogin(let b): b.time
            case .platformLogout(let b): b.time
            case .activation(let b): b.time
            case .parameterQuery(let b): b.time
            case .parameters(let b): b.time
            case .terminalControl(let b): b.time
            case .timeOnlyReply(let t): t
            default: nil
            }
        }
        set {
            guard let newValue else { return }
            switch self {
            case .vehicleLogin(var b):
                b.time = newValue
                self = .vehicleLogin(b)
            case .report(var b):
                b.time = newValue
                self = .report(b)
            case .vehicleLogout(var b):
                b.time = newValue
                self = .vehicleLogout(b)
            case .platformLogin(var b):
                b.time = newValue
                self = .platformLogin(b)
            case .platformLogout(var b):
                b.time = newValue
                self = .platformLogout(b)
            case .activation(var b):
                b.time = newValue
                self = .activation(b)
            case .parameterQuery(var b):
                b.time = newValue
                self = .parameterQuery(b)
            case .parameters(var b):
                b.time = newValue
                self = .parameters(b)
            case .terminalControl(var b):
                b.time = newValue
                self = .terminalControl(b)
            case .timeOnlyReply: self = .timeOnlyReply(newValue)
            default: break
            }
        }
    }
}
