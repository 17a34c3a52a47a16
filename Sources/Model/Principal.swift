/// An authenticated caller and the slice of data it may see.
///
/// The invariant (a `city` principal has a city, an `enterprise` principal has an enterprise, the
/// others have neither) is checked by `init`, so code holding a `Principal` never re-checks it.
public struct Principal: Sendable, Hashable {
    /// The caller's role.
    public let role: Role
    /// The city a `city` principal is scoped to.
    public let city: City?
    /// The enterprise an `enterprise` principal is scoped to.
    public let enterpriseID: EnterpriseID?
    /// Who is acting, for the audit log: a user name, or `token:<id>` for a service token.
    public let actor: String

    /// Validates that the scope fits the role.
    public init(role: Role, city: City? = nil, enterpriseID: EnterpriseID? = nil, actor: String) throws(ScopeError) {
        switch role {
        case .province, .public:
            guard city == nil, enterpriseID == nil else { throw ScopeError.unexpectedScope(role) }
        case .city:
            guard city != nil else { throw ScopeError.missingCity }
            guard enterpriseID == nil else { throw ScopeError.unexpectedScope(role) }
        case .enterprise:
            guard enterpriseID != nil else { throw ScopeError.missingEnterprise }
            guard city == nil else { throw ScopeError.unexpectedScope(role) }
        }
        self.init(validated: role, city: city, enterpriseID: enterpriseID, actor: actor)
    }

    private init(validated role: Role, city: City?, enterpriseID: EnterpriseID?, actor: String) {
        self.role = role
        self.city = city
        self.enterpriseID = enterpriseID
        self.actor = actor
    }

    /// The anonymous caller.
    public static let anonymous = Principal(validated: .public, city: nil, enterpriseID: nil, actor: "anonymous")

    /// A province-wide principal for the command line and internal jobs.
    public static func system(_ actor: String) -> Principal {
        Principal(validated: .province, city: nil, enterpriseID: nil, actor: actor)
    }

    /// Whether this principal may see a record owned by `enterprise` and located in `city`.
    ///
    /// Province sees all; a city sees records in its city; an enterprise sees its own records;
    /// the public sees nothing that has an owner (published data is served by public routes).
    public func canSee(enterprise: EnterpriseID?, city recordCity: City?) -> Bool {
        switch role {
        case .province: true
        case .city: recordCity != nil && recordCity == city
        case .enterprise: enterprise != nil && enterprise == enterpriseID
        case .public: false
        }
    }
}

/// Why a role and a scope do not fit together.
public enum ScopeError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingCity
    case missingEnterprise
    case unexpectedScope(Role)

    public var description: String {
        switch self {
        case .missingCity: "role city needs a city"
        case .missingEnterprise: "role enterprise needs an enterprise"
        case .unexpectedScope(let role): "role \(role.rawValue) takes neither a city nor an enterprise"
        }
    }
}
