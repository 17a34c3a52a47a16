public import GBT32960

/// Checks a platform login (0x05): user name and password against the platform accounts of the enterprises.
public protocol PlatformAuthenticator: Sendable {
    /// The grant for a correct name and password, nil otherwise. May be slow (a password hash): it is never
    /// called on an event loop.
    func authenticate(username: String, password: RawBytes) async -> PlatformAccountGrant?
}

/// Refuses every platform login: the gateway's default until platform accounts are configured.
public struct NoPlatformAccounts: PlatformAuthenticator {
    /// Creates it.
    public init() {}

    public func authenticate(username: String, password: RawBytes) async -> PlatformAccountGrant? { nil }
}
