import ArgumentParser
import DemoData
import Foundation
import Model
import Reports
import Store

/// `nevbrain report whitepaper --year YYYY`: the yearly white paper as one self-contained HTML file.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write reports from the platform's data.",
        subcommands: [WhitePaperCommand.self])

    struct WhitePaperCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "whitepaper",
            abstract: "Write the year's NEV industry white paper (HTML, Chinese; --english adds English headings).")

        @OptionGroup var options: ConfigOptions
        @Option(help: "The year to report on (default: this year)") var year: Int?
        @Option(name: .shortAndLong, help: "Where to write the HTML (default whitepaper-<year>.html; - for stdout)")
        var output: String?
        @Flag(help: "Add English headings beside the Chinese ones") var english = false
        @Flag(name: .customLong("with-sample"), help: "Load the demo's industry sample first (for a try-out)")
        var withSample = false

        func run() async throws {
            let runtime = try await PlatformRuntime.start(options, migrate: true)
            let now = Clock.nowMicros()
            let month = String(Clock.beijingDate(micros: now).prefix(7))
            let year = year ?? Int(month.prefix(4))!
            guard (2020...2100).contains(year) else { throw ValidationError("--year must be 2020-2100") }
            if withSample { try await IndustrySample.load(into: runtime.store, currentMonth: month, now: now) }
            let paper = WhitePaper(
                store: runtime.store, targets: .withChargingRegistry(store: runtime.store),
                charging: WhitePaper.chargingRows(store: runtime.store))
            let html = try await paper.render(year: year, currentMonth: month, english: english, generatedAt: now)
            let path = output ?? "whitepaper-\(year).html"
            if path == "-" {
                FileHandle.standardOutput.write(Data(html.utf8))
            } else {
                try Data(html.utf8).write(to: URL(fileURLWithPath: path))
                FileHandle.standardError.write(Data("wrote \(path) (\(html.utf8.count) bytes)\n".utf8))
            }
            try await runtime.store.close()
        }
    }
}
