import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Store

/// Logging in and out, users and service tokens.
enum IdentityRoutes {
    static func endpoints(_ services: PlatformServices) -> [Endpoint] {
        let identity = services.identity
        return [
            Endpoint(
                .post, "/api/v1/auth/login", access: .public,
                doc: EndpointDoc(
                    summary: "Exchange a name and password for a bearer token", tag: "identity",
                    requestBody: Schema.ref("LoginRequest"),
                    response: Schema.ref("IssuedToken"), errors: [401])
            ) { request, context in
                let login = try await JSONBody.decode(LoginRequest.self, from: request, context: context)
                let issued = try await identity.login(name: login.name, password: login.password)
                return try JSONBody.response(view(issued))
            },
            Endpoint(
                .post, "/api/v1/auth/logout", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Revoke the token this request presents", tag: "identity", successStatus: 204,
                    response: [:])
            ) { _, context in
                guard let tokenID = context.tokenID else { throw APIError.unauthenticated("no token presented") }
                try await identity.revoke(tokenID: tokenID, by: context.principal)
                return Response(status: .noContent)
            },
            Endpoint(
                .get, "/api/v1/me", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Who the presented token stands for, and its scope", tag: "identity",
                    response: Schema.ref("Principal"))
            ) { _, context in
                try JSONBody.response(PrincipalView(context.principal, tokenID: context.tokenID))
            },
            Endpoint(
                .get, "/api/v1/users", access: .province,
                doc: EndpointDoc(summary: "List users", tag: "identity", response: Schema.array(Schema.ref("User")))
            ) { _, _ in
                try JSONBody.response(try await services.store.users.list().map(UserView.init))
            },
            Endpoint(
                .post, "/api/v1/users", access: .province,
                doc: EndpointDoc(
                    summary: "Create a user", tag: "identity", requestBody: Schema.ref("NewUser"), successStatus: 201,
                    response: Schema.ref("User"), errors: [409])
            ) { request, context in
                let new = try await JSONBody.decode(NewUserRequest.self, from: request, context: context)
                let user = try await identity.addUser(
                    name: new.name, password: new.password, role: new.role, city: try city(new.city),
                    enterpriseID: try enterprise(new.enterprise), by: context.principal)
                return try JSONBody.response(UserView(user), status: .created)
            },
            Endpoint(
                .post, "/api/v1/users/{name}/disable", access: .province,
                doc: EndpointDoc(
                    summary: "Disable a user; their tokens stop working at once", tag: "identity", successStatus: 204,
                    response: [:],
                    errors: [404])
            ) { _, context in
                try await identity.setDisabled(
                    name: try context.parameters.require("name"), true, by: context.principal)
                return Response(status: .noContent)
            },
            Endpoint(
                .post, "/api/v1/users/{name}/enable", access: .province,
                doc: EndpointDoc(
                    summary: "Re-enable a disabled user", tag: "identity", successStatus: 204, response: [:],
                    errors: [404])
            ) { _, context in
                try await identity.setDisabled(
                    name: try context.parameters.require("name"), false, by: context.principal)
                return Response(status: .noContent)
            },
            Endpoint(
                .post, "/api/v1/tokens", access: .province,
                doc: EndpointDoc(
                    summary: "Create a service token for a script or integration", tag: "identity",
                    requestBody: Schema.ref("NewToken"),
                    successStatus: 201, response: Schema.ref("IssuedToken"))
            ) { request, context in
                let new = try await JSONBody.decode(NewTokenRequest.self, from: request, context: context)
                let issued = try await identity.createServiceToken(
                    role: new.role, city: try city(new.city), enterpriseID: try enterprise(new.enterprise),
                    label: new.label,
                    lifetime: new.expiresInSeconds, by: context.principal)
                return try JSONBody.response(view(issued), status: .created)
            },
            Endpoint(
                .delete, "/api/v1/tokens/{id}", access: .province,
                doc: EndpointDoc(
                    summary: "Revoke a token by its id", tag: "identity", successStatus: 204, response: [:],
                    errors: [404])
            ) { _, context in
                try await identity.revoke(tokenID: try context.parameters.require("id"), by: context.principal)
                return Response(status: .noContent)
            },
        ]
    }

    static func view(_ issued: IdentityService.IssuedToken) -> IssuedTokenView {
        IssuedTokenView(
            token: issued.token, id: issued.id, role: issued.role, city: issued.city?.slug,
            enterprise: issued.enterpriseID?.rawValue,
            expiresAt: issued.expiresAt.map(Clock.iso8601(micros:)))
    }

    static func city(_ text: String?, field: String = "city") throws(APIError) -> City? {
        guard let text else { return nil }
        guard let city = City(identifier: text) else {
            throw APIError.badRequest(
                "unknown city \(text); use one of \(City.allCases.map(\.slug).joined(separator: ", "))", field: field)
        }
        return city
    }

    static func enterprise(_ text: String?, field: String = "enterprise") throws(APIError) -> EnterpriseID? {
        guard let text else { return nil }
        guard let id = EnterpriseID(rawValue: text) else {
            throw APIError.badRequest("invalid enterprise id", field: field)
        }
        return id
    }
}
