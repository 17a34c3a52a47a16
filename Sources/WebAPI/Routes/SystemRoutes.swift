import Foundation
import Hummingbird
import Identity
import Logging
import Model
import NIOCore
import Prometheus
import Store

/// Liveness, readiness, metrics and the API description: what operators and their tools poll.
enum SystemRoutes {
    static func endpoints(_ services: PlatformServices, document: @escaping @Sendable () -> JSONValue) -> [Endpoint] {
        [
            Endpoint(
                .get, "/healthz", access: .public,
                doc: EndpointDoc(
                    summary: "Liveness: the process answers", tag: "system", response: Schema.ref("Health"))
            ) { _, _ in
                try JSONBody.response(HealthView(status: "ok"))
            },
            Endpoint(
                .get, "/readyz", access: .public,
                doc: EndpointDoc(
                    summary: "Readiness: the store answers and its schema is current", tag: "system",
                    response: Schema.ref("Ready"),
                    errors: [503])
            ) { _, context in
                do {
                    try await services.store.ping()
                    let pending = try await services.store.pendingMigrations()
                    guard pending.isEmpty else {
                        throw APIError(
                            .serviceUnavailable, code: "unavailable",
                            message: "store has pending migrations \(pending); run nevbrain migrate")
                    }
                    return try JSONBody.response(
                        ReadyView(status: "ready", store: services.store.engine.rawValue, pendingMigrations: pending))
                } catch let error as APIError {
                    throw error
                } catch {
                    context.logger.warning("readiness check failed", metadata: ["error": "\(error)"])
                    throw APIError(.serviceUnavailable, code: "unavailable", message: "store unreachable: \(error)")
                }
            },
            Endpoint(
                .get, "/metrics", access: .public,
                doc: EndpointDoc(
                    summary: "Prometheus metrics (text exposition format 0.0.4)", tag: "system",
                    response: Schema.string,
                    responseType: "text/plain")
            ) { _, _ in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(16 * 1024)
                services.metrics.emit(into: &bytes)
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
            },
            Endpoint(
                .get, "/openapi.json", access: .public,
                doc: EndpointDoc(
                    summary: "This API's OpenAPI 3.1 description", tag: "system", response: ["type": "object"])
            ) { _, _ in
                let data = try document().jsonData()
                return Response(
                    status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: data)))
            },
            Endpoint(
                .get, "/api/v1/cities", access: .public,
                doc: EndpointDoc(
                    summary: "The 11 cities of Zhejiang that data is scoped by", tag: "reference",
                    response: Schema.array(Schema.ref("City")))
            ) { _, _ in
                try JSONBody.response(City.allCases.map { CityView(id: $0.slug, code: $0.code, name: $0.chineseName) })
            },
        ]
    }
}
