/// A quarterly survey form (季度调查), defined as data: its questions and their types.
public struct SurveyForm: Sendable, Hashable, Codable {
    public struct Question: Sendable, Hashable, Codable {
        public enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
            case integer
            case number
            case text
            case boolean
            /// One of `options`.
            case choice
        }

        /// Stable key answers use, e.g. `q1` or `rd_spend`.
        public var id: String
        public var text: String
        public var kind: Kind
        public var required: Bool
        public var options: [String]?
        /// Bounds of a number or integer.
        public var minimum: Double?
        public var maximum: Double?

        public init(
            id: String, text: String, kind: Kind, required: Bool = true, options: [String]? = nil,
            minimum: Double? = nil, maximum: Double? = nil
        ) {
            self.id = id
            self.text = text
            self.kind = kind
            self.required = required
            self.options = options
            self.minimum = minimum
            self.maximum = maximum
        }
    }

    public var id: String
    public var title: String
    /// `YYYY-Qn`.
    public var quarter: String
    public var questions: [Question]

    public init(id: String, title: String, quarter: String, questions: [Question]) {
        self.id = id
        self.title = title
        self.quarter = quarter
        self.questions = questions
    }

    /// Problems of the form itself, naming the field (`questions[2].options`).
    public func problems() -> [MonthlyReport.Problem] {
        var problems: [MonthlyReport.Problem] = []
        func fail(_ field: String, _ message: String) { problems.append(.init(field: field, message: message)) }
        if title.isEmpty { fail("title", "must not be empty") }
        let parts = quarter.split(separator: "-Q")
        if parts.count != 2 || Int(parts[0]) == nil || !["1", "2", "3", "4"].contains(parts[1]) {
            fail("quarter", "must be YYYY-Qn, e.g. 2025-Q3")
        }
        if questions.isEmpty { fail("questions", "a form needs at least one question") }
        var seen: Set<String> = []
        for (i, q) in questions.enumerated() {
            if q.id.isEmpty || !q.id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                fail("questions[\(i)].id", "must be letters, digits or _")
            } else if !seen.insert(q.id).inserted {
                fail("questions[\(i)].id", "\(q.id) is used twice")
            }
            if q.text.isEmpty { fail("questions[\(i)].text", "must not be empty") }
            if q.kind == .choice && (q.options ?? []).count < 2 {
                fail("questions[\(i)].options", "a choice needs at least two options")
            }
        }
        return problems
    }

    /// Problems of a response's answers (`answers.<id>`): missing required answers, wrong types, values out of
    /// bounds or not among the options, answers to questions the form does not ask.
    public func problems(answers: [String: SurveyAnswer]) -> [MonthlyReport.Problem] {
        var problems: [MonthlyReport.Problem] = []
        for q in questions {
            let field = "answers.\(q.id)"
            guard let answer = answers[q.id] else {
                if q.required { problems.append(.init(field: field, message: "required")) }
                continue
            }
            switch (q.kind, answer) {
            case (.integer, .number(let v)) where v.rounded() != v:
                problems.append(.init(field: field, message: "must be a whole number"))
            case (.integer, .number(let v)), (.number, .number(let v)):
                if let min = q.minimum, v < min {
                    problems.append(.init(field: field, message: "must be at least \(min)"))
                }
                if let max = q.maximum, v > max {
                    problems.append(.init(field: field, message: "must be at most \(max)"))
                }
            case (.text, .text), (.boolean, .boolean):
                break
            case (.choice, .text(let t)):
                if !(q.options ?? []).contains(t) {
                    problems.append(
                        .init(field: field, message: "must be one of \((q.options ?? []).joined(separator: ", "))"))
                }
            default:
                problems.append(
                    .init(
                        field: field,
                        message: "must be \(q.kind == .choice ? "one of the options" : "a \(q.kind.rawValue)")"))
            }
        }
        for id in answers.keys.sorted() where !questions.contains(where: { $0.id == id }) {
            problems.append(.init(field: "answers.\(id)", message: "the form has no such question"))
        }
        return problems
    }
}

/// One answer: a number, a text (also a choice) or a yes/no.
public enum SurveyAnswer: Sendable, Hashable, Codable {
    case number(Double)
    case text(String)
    case boolean(Bool)

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) {
            self = .boolean(b)
        } else if let n = try? c.decode(Double.self) {
            self = .number(n)
        } else {
            self = .text(try c.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let n): try c.encode(n)
        case .text(let t): try c.encode(t)
        case .boolean(let b): try c.encode(b)
        }
    }
}

/// An enterprise's answers to a form.
public struct SurveyResponse: Sendable, Hashable, Codable {
    public var formID: String
    public var enterprise: String
    public var answers: [String: SurveyAnswer]
    public var submittedAt: Int64
    public var submittedBy: String

    public init(
        formID: String, enterprise: String, answers: [String: SurveyAnswer], submittedAt: Int64, submittedBy: String
    ) {
        self.formID = formID
        self.enterprise = enterprise
        self.answers = answers
        self.submittedAt = submittedAt
        self.submittedBy = submittedBy
    }
}
