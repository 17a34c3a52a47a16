import Foundation
import Hummingbird
import Identity
import Industry
import Model
import NIOCore
import Store

/// Quarterly surveys (季度调查): the province defines a form as data, enterprises answer it, answers are checked
/// against the questions.
enum SurveyRoutes {
    struct ResponseRequest: Codable {
        let enterprise: String?
        let answers: [String: SurveyAnswer]
    }

    static func endpoints(_ services: PlatformServices) -> [Endpoint] {
        let store = services.store
        @Sendable func form(_ context: APIRequestContext) async throws -> SurveyForm {
            let id = context.parameters.get("id") ?? ""
            guard let form = try await store.industry.forms().first(where: { $0.id == id }) else {
                throw APIError.notFound("no survey \(id)", field: "id")
            }
            return form
        }
        return [
            Endpoint(
                .post, "/api/v1/surveys", access: .province,
                doc: EndpointDoc(
                    summary: "Define a quarterly survey form: questions with their types", tag: "industry",
                    description:
                        "Question kinds: integer, number (with optional minimum and maximum), text, boolean, choice (with options). Answers are checked against them.",
                    requestBody: Schema.ref("SurveyForm"), successStatus: 201, response: Schema.ref("SurveyForm"),
                    errors: [400, 409])
            ) { request, context in
                let form = try await JSONBody.decode(SurveyForm.self, from: request, context: context)
                if let problem = form.problems().first {
                    throw APIError.badRequest(problem.message, field: problem.field)
                }
                do {
                    try await store.industry.insertForm(form, at: Clock.nowMicros())
                } catch let error as StoreError where error.kind == .conflict {
                    throw APIError.conflict("survey \(form.id) exists", field: "id")
                }
                return try JSONBody.response(form, status: .created)
            },
            Endpoint(
                .get, "/api/v1/surveys", access: .authenticated,
                doc: EndpointDoc(
                    summary: "Survey forms, newest quarter first", tag: "industry",
                    response: Schema.ref("SurveyFormList"))
            ) { _, _ in
                try JSONBody.response(["surveys": try await store.industry.forms()])
            },
            Endpoint(
                .post, "/api/v1/surveys/{id}/responses", access: .roles([.province, .enterprise]),
                doc: EndpointDoc(
                    summary: "Answer a survey (again, to correct it); enterprises answer for themselves",
                    tag: "industry",
                    description:
                        "400 naming `answers.<question>` for a missing required answer, a wrong type, a value out of bounds or not among the options, or an answer to a question the form does not ask.",
                    requestBody: Schema.ref("SurveyResponseRequest"), successStatus: 201,
                    response: Schema.ref("SurveyResponse"), errors: [400, 404])
            ) { request, context in
                let form = try await form(context)
                let body = try await JSONBody.decode(ResponseRequest.self, from: request, context: context)
                let enterprise = try await StatisticsRoutes.enterprise(body.enterprise, context: context, store: store)
                if let problem = form.problems(answers: body.answers).first {
                    throw APIError.badRequest(problem.message, field: problem.field)
                }
                let response = SurveyResponse(
                    formID: form.id, enterprise: enterprise.rawValue, answers: body.answers,
                    submittedAt: Clock.nowMicros(), submittedBy: context.principal.actor)
                try await store.industry.submitResponse(response)
                return try JSONBody.response(response, status: .created)
            },
            Endpoint(
                .get, "/api/v1/surveys/{id}/responses", access: .authenticated,
                doc: EndpointDoc(
                    summary: "A survey's responses, scoped (a city its enterprises', an enterprise its own)",
                    tag: "industry", response: Schema.ref("SurveyResponseList"), errors: [404])
            ) { _, context in
                let form = try await form(context)
                let principal = context.principal
                var responses = try await store.industry.responses(formID: form.id)
                switch principal.role {
                case .province: break
                case .city:
                    let own = Set(try await store.enterprises.list(city: principal.city).map(\.id.rawValue))
                    responses = responses.filter { own.contains($0.enterprise) }
                default:
                    responses = responses.filter { $0.enterprise == principal.enterpriseID?.rawValue }
                }
                return try JSONBody.response(["responses": responses])
            },
        ]
    }
}
