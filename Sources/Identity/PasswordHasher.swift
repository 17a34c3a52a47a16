import HummingbirdBcrypt

/// bcrypt password hashing (the algorithm hummingbird-auth ships).
///
/// The cost is a setting: 11 by default (about 0.1 s here), lower only in tests.
public struct PasswordHasher: Sendable {
    public let cost: UInt8
    /// Verified against when a login names an unknown user, so that the answer takes as long as for
    /// a known user and does not reveal which names exist.
    private let decoy: String

    public init(cost: UInt8 = 11) {
        precondition((4...31).contains(cost), "bcrypt cost must be 4...31")
        self.cost = cost
        self.decoy = Bcrypt.hash("nevbrain-decoy-password", cost: cost)
    }

    public func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    public func verify(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// Spends the time of one verification and returns false.
    public func verifyDecoy(_ password: String) -> Bool {
        _ = Bcrypt.verify(password, hash: decoy)
        return false
    }
}
