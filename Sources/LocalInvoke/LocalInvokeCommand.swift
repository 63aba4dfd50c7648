import ArgumentParser
import FixtureKit
import Foundation
import HandlerKit
import Logging
import RecordsCore

/// Replays fixture files through the route table, each on a fresh embedded store.
@main
struct LocalInvokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "LocalInvoke",
        abstract: "Replay event fixtures through the recordsw route table.")

    @Flag(help: "Compare each response with the fixture's expectation; exit non-zero on any mismatch.")
    var check = false

    @Flag(help: "Run every fixture under the fixtures folder.")
    var all = false

    @Option(help: "The fixtures folder: where --all looks, and where fixtures find their worlds and names.")
    var fixtures: String = "Fixtures"

    @Option(help: "Log level of the application while replaying.")
    var logLevel: String = "critical"

    @Argument(help: "Fixture files to replay.")
    var files: [String] = []

    func validate() throws {
        if files.isEmpty && !all { throw ValidationError("give fixture files or --all") }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: fixtures, isDirectory: &isFolder), isFolder.boolValue else {
            let path = URL(fileURLWithPath: fixtures).standardizedFileURL.path
            throw ValidationError(
                "no fixtures folder at \(path): run LocalInvoke from the repository's root, or pass "
                    + "--fixtures <the repository's Fixtures folder>")
        }
    }

    func run() async throws {
        var logger = Logger(label: "LocalInvoke")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .critical
        let root = URL(fileURLWithPath: fixtures)
        let suite = FixtureSuite(
            root: root, runner: FixtureRunner(makeHost: AppFixtureHost.factory(fixturesRoot: root, logger: logger)))
        let reports = await suite.run(files: all ? [] : files.map { URL(fileURLWithPath: $0) })
        for report in reports { print(ReportPrinter.render(report, check: check)) }
        let failed = reports.filter { !$0.passed }.count
        if check {
            print("\(reports.count - failed) passed, \(failed) failed")
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
