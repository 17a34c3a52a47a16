import Foundation
import Model
import Testing

@Suite("Cities and principals")
struct PrincipalTests {
    @Test func elevenCitiesByCodeAndSlug() {
        #expect(City.allCases.count == 11)
        #expect(City(identifier: "330200") == .ningbo)
        #expect(City(identifier: "Ningbo") == .ningbo)
        #expect(City(identifier: "shanghai") == nil)
        #expect(City.lishui.chineseName == "丽水市")
    }

    @Test func scopeMustFitTheRole() throws {
        #expect(throws: ScopeError.missingCity) { try Principal(role: .city, actor: "a") }
        #expect(throws: ScopeError.missingEnterprise) { try Principal(role: .enterprise, actor: "a") }
        #expect(throws: ScopeError.unexpectedScope(.province)) {
            try Principal(role: .province, city: .ningbo, actor: "a")
        }
        #expect(throws: ScopeError.unexpectedScope(.city)) {
            try Principal(role: .city, city: .ningbo, enterpriseID: "x", actor: "a")
        }
        _ = try Principal(role: .enterprise, enterpriseID: "zeekr", actor: "a")
    }

    @Test func whoSeesWhat() throws {
        let ningbo = try Principal(role: .city, city: .ningbo, actor: "c")
        let zeekr = try Principal(role: .enterprise, enterpriseID: "zeekr", actor: "e")
        #expect(Principal.system("p").canSee(enterprise: "geely", city: .hangzhou))
        #expect(ningbo.canSee(enterprise: "zeekr", city: .ningbo))
        #expect(!ningbo.canSee(enterprise: "geely", city: .hangzhou))
        #expect(!ningbo.canSee(enterprise: "x", city: nil), "a record without a city is not a city's")
        #expect(zeekr.canSee(enterprise: "zeekr", city: .hangzhou))
        #expect(!zeekr.canSee(enterprise: "geely", city: .ningbo))
        #expect(!zeekr.canSee(enterprise: nil, city: .ningbo))
        #expect(!Principal.anonymous.canSee(enterprise: "zeekr", city: .ningbo))
    }
}

@Suite("Configuration")
struct ConfigurationTests {
    @Test func documentedDefaults() throws {
        let c = try PlatformConfiguration.resolve()
        #expect(c.httpPort == 8080)
        #expect(c.gatewayPort == 32960)
        #expect(c.dataDirectory == "./nevbrain-data")
        #expect(c.storeLocation == "sqlite:./nevbrain-data/nevbrain.sqlite")
        #expect(c.logLevel == "info")
        #expect(c.migrateOnStart)
        #expect(!c.gatewayReusePort)
        let shared = try PlatformConfiguration.resolve(environment: ["NEVBRAIN_GATEWAY_REUSE_PORT": "true"])
        #expect(shared.gatewayReusePort)
    }

    @Test func flagsBeatEnvironmentWhichBeatsTheFile() throws {
        let file = ["http-port": "7000", "log-level": "debug", "data-dir": "/var/lib/nevbrain"]
        let env = ["NEVBRAIN_HTTP_PORT": "7001", "NEVBRAIN_MIGRATE": "false"]
        let c = try PlatformConfiguration.resolve(file: file, environment: env, flags: ["http-port": "7002"])
        #expect(c.httpPort == 7002)
        #expect(c.logLevel == "debug")
        #expect(!c.migrateOnStart)
        #expect(c.storeLocation == "sqlite:/var/lib/nevbrain/nevbrain.sqlite")
        let envOnly = try PlatformConfiguration.resolve(file: file, environment: env)
        #expect(envOnly.httpPort == 7001)
    }

    @Test func badSettingsNameTheKey() {
        #expect(throws: ConfigurationError.self) { try PlatformConfiguration.resolve(flags: ["http-port": "http"]) }
        do {
            _ = try PlatformConfiguration.resolve(file: ["htp-port": "1"])
            Issue.record("unknown key accepted")
        } catch {
            #expect(error.key == "htp-port")
        }
        do {
            _ = try PlatformConfiguration.resolve(environment: ["NEVBRAIN_LOG_LEVEL": "loud"])
            Issue.record("bad level accepted")
        } catch {
            #expect(error.key == "log-level")
        }
    }
}

@Suite("Clock")
struct ClockTests {
    /// Foundation formats whole seconds exactly (they are exact in a Double); its milliseconds come from a
    /// Double and are sometimes one off (…11.237 printed as …11.236), so the reference takes them from integers.
    @Test("the hand-made ISO 8601 text equals Foundation's calendar, across eras, leap days and milliseconds")
    func iso8601MatchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        var samples: [Int64] = [
            0, -1, 1, 951_782_400_000_000, 951_868_799_999_999, 4_107_542_400_000_000, -86_400_000_000,
        ]
        for _ in 0..<20_000 {
            samples.append(
                Int64.random(in: -2_000_000_000_000_000...4_000_000_000_000_000, using: &generator) / 1000 * 1000)
        }
        for micros in samples {
            let millis = micros >= 0 ? micros / 1000 : (micros - 999) / 1000
            let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
            let fraction = Int(millis - seconds * 1000)
            let whole = style.format(Date(timeIntervalSince1970: Double(seconds)))
            let expected = whole.replacingOccurrences(of: ".000Z", with: String(format: ".%03dZ", fraction))
            #expect(Clock.iso8601(micros: micros) == expected, "\(micros)")
        }
        #expect(Clock.iso8601(micros: 1_795_570_207_123_456) == "2026-11-25T01:30:07.123Z", "09:30:07 in Beijing")
    }
}
