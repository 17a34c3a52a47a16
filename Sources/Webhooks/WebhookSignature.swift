import Crypto
import Foundation

/// How a webhook request is signed: `X-Nevbrain-Signature: sha256=<hex>`, the HMAC-SHA256 with the webhook's secret
/// of `<timestamp>.<body>`, where `<timestamp>` is the `X-Nevbrain-Timestamp` header (Unix seconds). A receiver
/// recomputes it, compares in constant time, and refuses old timestamps to stop replays.
public enum WebhookSignature {
    public static let header = "X-Nevbrain-Signature"
    public static let timestampHeader = "X-Nevbrain-Timestamp"

    /// The header value for `body` sent at `timestamp`.
    public static func sign(secret: String, timestamp: Int64, body: String) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(body)".utf8), using: key)
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `signature` is the one `body` at `timestamp` should carry.
    public static func verify(_ signature: String, secret: String, timestamp: Int64, body: String) -> Bool {
        let expected = Array(sign(secret: secret, timestamp: timestamp, body: body).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A new random secret: 32 bytes, hex.
    public static func newSecret() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { $0.map { String(format: "%02x", $0) }.joined() }
    }
}
