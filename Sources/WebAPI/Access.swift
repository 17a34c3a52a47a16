import Foundation
import Hummingbird
import Identity
import Logging
public import Model
import NIOCore
import Store

/// Who may call an endpoint. Every endpoint declares one; there is no default.
public enum Access: Sendable, Equatable {
    /// Anyone, with or without a token.
    case `public`
    /// Callers holding a valid token of one of these roles.
    case roles(Set<Role>)

    /// Any authenticated caller.
    public static let authenticated = Access.roles([.province, .city, .enterprise])
    /// The provincial authority only.
    public static let province = Access.roles([.province])

    /// Throws 401 for a missing token, 403 for a role not allowed.
    func check(_ principal: Principal) throws(APIError) {
        guard case .roles(let allowed) = self else { return }
        guard principal.role != .public else {
            throw APIError.unauthenticated("this endpoint needs a bearer token (Authorization: Bearer nvb_...)")
        }
        guard allowed.contains(principal.role) else {
            throw APIError.forbidden(
                "role \(principal.role.rawValue) may not call this endpoint; allowed: \(allowed.map(\.rawValue).sorted().joined(separator: ", "))"
            )
        }
    }

    /// The roles, for the OpenAPI document (`x-nevbrain-roles`).
    var roleNames: [String] {
        switch self {
        case .public: ["public"]
        case .roles(let roles): roles.map(\.rawValue).sorted()
        }
    }
}
