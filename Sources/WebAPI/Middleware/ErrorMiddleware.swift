import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Store

/// Makes every failure answer in the one JSON error shape, whatever threw it.
struct ErrorMiddleware: RouterMiddleware {
    func handle(
        _ request: Request, context: APIRequestContext, next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            throw Self.apiError(for: error, context: context)
        }
    }

    static func apiError(for error: any Error, context: APIRequestContext) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as IdentityError:
            switch error.code {
            case .invalid: return .badRequest(error.message, field: error.field)
            case .unauthenticated: return .unauthenticated(error.message)
            case .notFound: return .notFound(error.message, field: error.field)
            case .conflict: return .conflict(error.message, field: error.field)
            }
        case let error as StoreError where error.kind == .conflict:
            return .conflict(error.message)
        case let error as HTTPError:
            let code =
                switch error.status {
                case .notFound: "not_found"
                case .methodNotAllowed: "method_not_allowed"
                case .contentTooLarge: "too_large"
                case .unauthorized: "unauthenticated"
                case .forbidden: "forbidden"
                default: error.status.code < 500 ? "invalid" : "internal"
                }
            let message =
                error.body
                ?? (error.status == .notFound ? "no such endpoint; see /openapi.json" : error.status.reasonPhrase)
            return APIError(error.status, code: code, message: message)
        case let error as any HTTPResponseError:
            return APIError(
                error.status, code: error.status.code < 500 ? "invalid" : "internal", message: error.status.reasonPhrase
            )
        default:
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return APIError(
                .internalServerError, code: "internal", message: "internal error; the request id is \(context.id)")
        }
    }
}
