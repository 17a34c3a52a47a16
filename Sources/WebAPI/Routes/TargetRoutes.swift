import Foundation
import Hummingbird
import Identity
import Industry
import Model
import NIOCore
import Reports
import Store

/// The plan's 2025 targets: where each stands, its projection to year-end, evidence for the ones the platform
/// cannot count, and the yearly work points with their responsible departments.
enum TargetRoutes {
    struct EvidenceRequest: Codable {
        let value: Double
        let asOf: String
        let source: String
    }

    struct WorkPointRequest: Codable {
        let year: Int
        let task: String
        let departments: [String]
        let targetId: String?
        let status: String
        let evidence: String?
    }

    struct WorkPointView: Codable {
        let id: String
        let year: Int
        let task: String
        let departments: [String]
        let targetId: String?
        let status: String
        let evidence: String

        init(_ w: WorkPoint) {
            id = w.id
            year = w.year
            task = w.task
            departments = w.departments
            targetId = w.targetID
            status = w.status.rawValue
            evidence = w.evidence
        }
    }

    static func endpoints(_ services: PlatformServices) -> [Endpoint] {
        let store = services.store
        let tracker = services.targets
        return [
            Endpoint(
                .get, "/api/v1/targets", access: .authenticated,
                doc: EndpointDoc(
                    summary: "The plan's 2025 targets: value, progress, projection to year-end, on track or at risk",
                    tag: "industry",
                    description:
                        "Computed from the platform's data where it has it (monthly reports, the charging, vehicle and enterprise registries) and from the latest evidence entered otherwise; `basis` says which query or document each value comes from. A flow (output) is projected at its year-to-date pace, a stock along the straight line from its baseline, a share as it stands.",
                    query: [QueryParameter("year", Schema.integer, "Default the current year")],
                    response: Schema.ref("TargetList"), errors: [400])
            ) { request, _ in
                let (month, _) = StatisticsRoutes.beijing(Clock.nowMicros())
                let year =
                    try request.uri.queryParameters.get("year").map { text -> Int in
                        guard let y = Int(text), (2020...2100).contains(y) else {
                            throw APIError.badRequest("year must be 2020-2100", field: "year")
                        }
                        return y
                    } ?? Int(month.prefix(4))!
                return try JSONBody.response(["targets": try await tracker.figures(year: year, currentMonth: month)])
            },
            Endpoint(
                .post, "/api/v1/targets/{id}/evidence", access: .province,
                doc: EndpointDoc(
                    summary: "Enter a target's figure with its evidence (for targets the platform cannot count)",
                    tag: "industry", requestBody: Schema.ref("TargetEvidenceRequest"), successStatus: 201,
                    response: Schema.ref("TargetEvidenceRequest"), errors: [400, 404])
            ) { request, context in
                let id = context.parameters.get("id") ?? ""
                guard PlanTarget.plan2025.contains(where: { $0.id == id }) else {
                    throw APIError.notFound("no target \(id)", field: "id")
                }
                let body = try await JSONBody.decode(EvidenceRequest.self, from: request, context: context)
                guard MonthlyReport.isMonth(body.asOf) else {
                    throw APIError.badRequest("must be YYYY-MM", field: "asOf")
                }
                guard body.value.isFinite, body.value >= 0 else {
                    throw APIError.badRequest("must be a non-negative number", field: "value")
                }
                guard !body.source.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw APIError.badRequest("name the document or statistic the figure comes from", field: "source")
                }
                try await store.industry.addEvidence(
                    TargetEvidence(
                        targetID: id, value: body.value, asOf: body.asOf, source: body.source,
                        enteredBy: context.principal.actor, enteredAt: Clock.nowMicros()))
                return try JSONBody.response(body, status: .created)
            },
            Endpoint(
                .get, "/api/v1/targets/work-points", access: .authenticated,
                doc: EndpointDoc(
                    summary: "The yearly work points (工作要点) with their responsible departments (责任单位)",
                    tag: "industry", query: [QueryParameter("year", Schema.integer, "One year")],
                    response: Schema.ref("WorkPointList"), errors: [400])
            ) { request, _ in
                let year = try request.uri.queryParameters.get("year").map { text -> Int in
                    guard let y = Int(text) else { throw APIError.badRequest("year must be a number", field: "year") }
                    return y
                }
                return try JSONBody.response(
                    ["workPoints": try await store.industry.workPoints(year: year).map(WorkPointView.init)])
            },
            Endpoint(
                .put, "/api/v1/targets/work-points/{id}", access: .province,
                doc: EndpointDoc(
                    summary: "Create or update a work point", tag: "industry",
                    requestBody: Schema.ref("WorkPointRequest"), response: Schema.ref("WorkPoint"), errors: [400])
            ) { request, context in
                let id = context.parameters.get("id") ?? ""
                let body = try await JSONBody.decode(WorkPointRequest.self, from: request, context: context)
                guard (2020...2100).contains(body.year) else {
                    throw APIError.badRequest("year must be 2020-2100", field: "year")
                }
                guard !body.task.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw APIError.badRequest("must not be empty", field: "task")
                }
                guard !body.departments.isEmpty, body.departments.allSatisfy({ !$0.isEmpty }) else {
                    throw APIError.badRequest("name at least one responsible department", field: "departments")
                }
                guard let status = WorkPoint.Status(rawValue: body.status) else {
                    throw APIError.badRequest(
                        "one of \(WorkPoint.Status.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
                }
                if let target = body.targetId, !PlanTarget.plan2025.contains(where: { $0.id == target }) {
                    throw APIError.badRequest("no target \(target)", field: "targetId")
                }
                let point = WorkPoint(
                    id: id, year: body.year, task: body.task, departments: body.departments, targetID: body.targetId,
                    status: status, evidence: body.evidence ?? "")
                try await store.industry.upsertWorkPoint(point, at: Clock.nowMicros())
                return try JSONBody.response(WorkPointView(point))
            },
        ]
    }
}
