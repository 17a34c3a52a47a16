import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Store

/// Turns `Authorization: Bearer <token>` into the request's principal.
///
/// No header leaves the caller anonymous (public routes still answer); a header that is present but
/// wrong is always a 401, even on a public route, so a broken client learns of it at once.
struct AuthenticationMiddleware: RouterMiddleware {
    let identity: IdentityService

    func handle(
        _ request: Request, context: APIRequestContext, next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        // T/CEC 102 operators send the exchange's own bearer tokens (TCECRoutes checks them); charge points
        // authenticate with HTTP Basic per charge point (OCPPRoutes).
        guard let header = request.headers[.authorization], !request.uri.path.hasPrefix("/evcs/"),
            !request.uri.path.hasPrefix(OCPPRoutes.socketPrefix)
        else {
            return try await next(request, context)
        }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError.unauthenticated("Authorization must be 'Bearer <token>'")
        }
        var context = context
        do {
            let (principal, tokenID) = try await identity.authenticate(secret: String(parts[1]))
            context.principal = principal
            context.tokenID = tokenID
        } catch let error as IdentityError {
            throw APIError.unauthenticated(error.message)
        }
        context.logger[metadataKey: "actor"] = "\(context.principal.actor)"
        return try await next(request, context)
    }
}
