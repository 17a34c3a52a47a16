public import GBT32960

/// The gateway's configurable decisions (README "Telemetry gateway" lists them with their defaults).
public struct GatewayPolicy: Sendable, Hashable {
    /// What to do with a vehicle login whose VIN is not in the vehicle registry.
    public enum UnknownVehicles: String, Sendable, Hashable, CaseIterable {
        /// Accept the vehicle and store its data flagged as unregistered (the default: nothing is lost while
        /// the registry catches up with new vehicles).
        case acceptAndFlag = "accept"
        /// Refuse the login: 0x04 "VIN does not exist" in the 2025 edition, 0x02 error in 2016.
        case refuse
    }

    /// What to do when an identity logs in while it is online on another connection.
    public enum DuplicateLogin: String, Sendable, Hashable, CaseIterable {
        /// Close the old connection (the standard's rule; a terminal that reconnects after a silent link loss
        /// must not be locked out).
        case replaceOld = "replace"
        /// Refuse the new login with 0x03 "VIN duplicate".
        case refuseNew = "refuse"
    }

    /// Unregistered vehicles: accepted and flagged, or refused.
    public var unknownVehicles: UnknownVehicles
    /// Duplicate logins: take over, or refuse.
    public var duplicateLogin: DuplicateLogin
    /// Reply style for vehicles and for platform accounts that do not set their own.
    public var replyStyle: Message.ReplyStyle
    /// Frames held while a platform login is being checked; more closes the connection.
    public var maxFramesWhileAuthenticating: Int
    /// Consecutive frames that cannot be accepted before the connection is closed.
    public var maxConsecutiveErrors: Int

    /// The defaults.
    public init(
        unknownVehicles: UnknownVehicles = .acceptAndFlag, duplicateLogin: DuplicateLogin = .replaceOld,
        replyStyle: Message.ReplyStyle = .timeOnly, maxFramesWhileAuthenticating: Int = 256,
        maxConsecutiveErrors: Int = 16
    ) {
        self.unknownVehicles = unknownVehicles
        self.duplicateLogin = duplicateLogin
        self.replyStyle = replyStyle
        self.maxFramesWhileAuthenticating = maxFramesWhileAuthenticating
        self.maxConsecutiveErrors = maxConsecutiveErrors
    }
}
