import Industry
import Testing

@Suite("Unified social credit code (GB 32100)")
struct CreditCodeTests {
    @Test("real codes from the public register validate", arguments: ["9144030071526726XG", "91330100716105852F"])
    func valid(code: String) throws {
        #expect(try CreditCode(code).rawValue == code)
        #expect(try CreditCode(" " + code.lowercased() + " ").rawValue == code)
    }

    @Test("the division is the issuing area")
    func division() throws {
        #expect(try CreditCode("91330100716105852F").division == "330100")
    }

    @Test("every kind of mistake is named")
    func invalid() {
        #expect(throws: CreditCode.Problem.length(17)) { try CreditCode("91330100716105852") }
        #expect(throws: CreditCode.Problem.character(position: 3, "I")) { try CreditCode("91I30100716105852F") }
        // The last character mistyped.
        #expect(throws: CreditCode.Problem.check(expected: "F")) { try CreditCode("91330100716105852E") }
        // Two neighbours swapped inside the organisation code: its own check catches it first.
        #expect(throws: CreditCode.Problem.organisationCheck(expected: "1")) { try CreditCode("91330100761105852F") }
        // A single changed digit in the division: the organisation part is intact, the final check is not.
        #expect(throws: CreditCode.Problem.check(expected: "L")) { try CreditCode("91330200716105852F") }
    }
}
