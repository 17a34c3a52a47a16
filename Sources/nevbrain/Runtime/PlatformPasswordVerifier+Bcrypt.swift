import Identity
import Telemetry

extension PlatformPasswordVerifier {
    /// Platform passwords checked with the platform's bcrypt hasher, the one `nevbrain platform add` hashes with;
    /// a name without an account is checked against the hasher's decoy hash, of the same cost.
    static func bcrypt(_ hasher: PasswordHasher) -> PlatformPasswordVerifier {
        PlatformPasswordVerifier(
            verify: { password, hash in hasher.verify(password, hash: hash) },
            verifyDecoy: { password in _ = hasher.verifyDecoy(password) })
    }
}
