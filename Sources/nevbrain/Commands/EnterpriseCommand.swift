import ArgumentParser
import Foundation
import Industry
import Model
import Store

/// `nevbrain enterprise import|export`: the enterprise registry with its chain profiles as CSV, the same format as
/// `POST /api/v1/enterprises/import` and `GET /api/v1/enterprises?format=csv`.
struct EnterpriseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enterprise", abstract: "Import or export the enterprise registry as CSV.",
        subcommands: [Import.self, Export.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register or update enterprises and their chain profiles from a CSV file: all rows or none.",
            discussion: """
                Header: \(EnterpriseCSV.headerExample), in any order. segments and titles are lists separated by \
                ';' (titles as title:year). A file with profile columns states each row's whole profile. Every \
                problem is printed as file:row:column and nothing is imported.
                """)

        @OptionGroup var options: ConfigOptions
        @Argument(help: "The CSV file (UTF-8)") var file: String

        func run() async throws {
            let bytes: [UInt8]
            do {
                bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            } catch {
                throw PlatformCommand.Failure("cannot read \(file): \(error.localizedDescription)")
            }
            let runtime = try await PlatformRuntime.start(options)
            let now = Clock.nowMicros()
            var csv = EnterpriseCSV(parsing: bytes, createdAt: now)
            let outcome: EnterpriseCSV.Outcome?
            do {
                outcome = try await csv.importValid(into: runtime.store, at: now)
                if let outcome {
                    try await PlatformCommand.audit(
                        "enterprise.import", "enterprises",
                        detail: "created=\(outcome.created) updated=\(outcome.updated) profiles=\(outcome.profiles)",
                        runtime: runtime)
                }
            } catch {
                try? await runtime.store.close()
                throw error
            }
            try await runtime.store.close()
            guard let outcome else {
                for p in csv.problems {
                    FileHandle.standardError.write(Data("\(file):\(p.row):\(p.column ?? "-"): \(p.message)\n".utf8))
                }
                let more = csv.problemCount - csv.problems.count
                throw PlatformCommand.Failure(
                    "\(csv.problemCount) problem\(csv.problemCount == 1 ? "" : "s") in \(file)"
                        + (more > 0 ? " (\(more) not shown)" : "") + "; nothing was imported")
            }
            print("created \(outcome.created), updated \(outcome.updated), profiles \(outcome.profiles)")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the registry with the chain profiles as CSV (the import format).")

        @OptionGroup var options: ConfigOptions
        @Option(help: "Only enterprises registered in this city (slug, code or Chinese name)") var city: String?
        @Option(name: .shortAndLong, help: "Where to write the CSV (default: standard output)") var output: String?

        func run() async throws {
            var only: City?
            if let city {
                guard let parsed = City(identifier: city) else { throw ValidationError("unknown city \(city)") }
                only = parsed
            }
            let runtime = try await PlatformRuntime.start(options)
            let text: String
            do {
                let records = try await runtime.store.enterprises.list(city: only)
                let profiles = Dictionary(
                    uniqueKeysWithValues: try await runtime.store.industry.profiles().map { ($0.enterprise, $0) })
                text = EnterpriseCSV.write(records, profiles: profiles)
            } catch {
                try? await runtime.store.close()
                throw error
            }
            try await runtime.store.close()
            if let output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}
