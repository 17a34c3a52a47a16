public import GBT32960

/// Checks a platform login (0x05): user name and password against the platform accounts of the enterprises.
public protocol PlatformAuthenticator: Sendable {
    /// The grant for a correct name and password, nil otherwise. May be slow (a password hash): it is never
    /// called on an event loop.
    ///
    /// - Parameters:
    ///   - username: the user name field as text, its NUL and space padding already removed.
    ///   - password: the 20-byte password field as sent, padding included (`PlatformCredentials.password(_:)`
    ///     removes it).
    func authenticate(username: String, password: RawBytes) async -> PlatformAccountGrant?
}

/// Refuses every platform login: the gateway's default when it is given no accounts (`StorePlatformAuthenticator`
/// checks the store's).
public struct NoPlatformAccounts: PlatformAuthenticator {
    /// Creates it.
    public init() {}

    public func authenticate(username: String, password: RawBytes) async -> PlatformAccountGrant? { nil }
}
