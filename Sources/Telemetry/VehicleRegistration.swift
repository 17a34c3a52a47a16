public import GBT32960
public import Model

/// What the gateway needs to know about a registered vehicle: who owns it.
public struct VehicleRegistration: Sendable, Hashable {
    /// The 17-character VIN.
    public var vin: String
    /// The vehicle maker (or fleet operator) the vehicle's data belongs to.
    public var enterprise: EnterpriseID
    /// The city of registration, if known: the live feed scopes city users by it.
    public var city: City?

    /// Creates a registration.
    public init(vin: String, enterprise: EnterpriseID, city: City? = nil) {
        self.vin = vin
        self.enterprise = enterprise
        self.city = city
    }
}

/// A platform account whose login (0x05) was accepted.
public struct PlatformAccountGrant: Sendable, Hashable {
    /// The account's user name as sent in the login.
    public var username: String
    /// The enterprise whose vehicles the platform may forward.
    public var enterprise: EnterpriseID
    /// The account's own reply style, if it differs from the gateway's.
    public var replyStyle: Message.ReplyStyle?
    /// Whether the account is online on another connection right now.
    public var onlineElsewhere: Bool

    /// Creates a grant.
    public init(
        username: String, enterprise: EnterpriseID, replyStyle: Message.ReplyStyle? = nil,
        onlineElsewhere: Bool = false
    ) {
        self.username = username
        self.enterprise = enterprise
        self.replyStyle = replyStyle
        self.onlineElsewhere = onlineElsewhere
    }
}
