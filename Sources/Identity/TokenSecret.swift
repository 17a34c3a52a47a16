import Crypto
import Foundation

/// Makes and hashes bearer-token secrets.
///
/// A secret is `nvb_` followed by 43 base64url characters (32 random bytes). Secrets have full
/// entropy, so a fast SHA-256 digest is enough to store them safely (unlike passwords, which need
/// bcrypt); only the digest is kept, and lookup is by digest.
public enum TokenSecret {
    /// The prefix that makes a nevbrain token recognisable in logs and secret scanners.
    public static let prefix = "nvb_"

    /// A new random secret.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + base64URL(bytes)
    }

    /// A new random public identifier for a token (12 hex characters).
    public static func generateID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<6).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// Hex SHA-256 of the secret, as stored.
    public static func digest(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    private static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
