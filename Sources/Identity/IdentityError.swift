/// Why an identity operation was refused. `field` names the input at fault, for the API's error shape.
public struct IdentityError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Input did not meet a rule (bad name, short password, role without its scope).
        case invalid
        /// Name or password wrong, token unknown, expired or revoked, user disabled.
        case unauthenticated
        /// The thing named does not exist.
        case notFound = "not_found"
        /// The name is taken.
        case conflict
    }

    public let code: Code
    public let message: String
    public let field: String?

    public init(_ code: Code, _ message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    public var description: String { message }
}
