/// Failures a repository reports in engine-neutral terms, so callers map them to HTTP or CLI
/// answers without knowing which database is underneath.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A uniqueness rule was broken (a user name taken, a duplicate id).
        case conflict
        /// The location given could not be understood.
        case badLocation
        /// The database said no, or could not be reached.
        case engine
        /// The database schema is newer than this binary knows.
        case schemaTooNew
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}
