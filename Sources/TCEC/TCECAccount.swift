/// One operator platform the provincial platform exchanges T/CEC 102 data with.
public struct TCECAccount: Sendable, Hashable, Codable {
    /// The operator's 9-character organisation code.
    public var operatorID: String
    /// Secrets the platform issued; the operator signs and encrypts its calls to us with them.
    public var inbound: TCECSecrets
    /// Secrets the operator issued to us, for pulling from it; nil when we only receive pushes.
    public var outbound: TCECSecrets?
    /// The operator's interface root, e.g. `https://evcs.example.com/evcs/v20160701`; nil when we only receive.
    public var baseURL: String?
    public var enabled: Bool

    public init(
        operatorID: String, inbound: TCECSecrets, outbound: TCECSecrets? = nil, baseURL: String? = nil,
        enabled: Bool = true
    ) {
        self.operatorID = operatorID
        self.inbound = inbound
        self.outbound = outbound
        self.baseURL = baseURL
        self.enabled = enabled
    }
}
