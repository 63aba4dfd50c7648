import Foundation
import Logging

/// Runs a set of fixture files and summarises, for `LocalInvoke` and `swift test` alike.
public struct FixtureSuite: Sendable {
    public var root: URL
    public var runner: FixtureRunner

    public init(root: URL, runner: FixtureRunner) {
        self.root = root
        self.runner = runner
    }

    /// Loads and runs `files` (all fixtures under ``root`` when empty).
    /// - Returns: One report per fixture file, in order; unreadable files report an error.
    public func run(files: [URL] = []) async -> [FixtureReport] {
        let targets = files.isEmpty ? FixtureLoader.discover(root: root) : files
        var reports: [FixtureReport] = []
        for url in targets {
            let fixture: Fixture?
            do {
                fixture = try FixtureLoader.load(url, root: root)
            } catch {
                let name = FixtureLoader.relativeName(url, root: root)
                reports.append(FixtureReport(name: name, steps: [], error: "unreadable: \(error)"))
                continue
            }
            guard let fixture else { continue }
            reports.append(await runner.run(fixture))
        }
        return reports
    }

    /// The fixtures folder of this checkout, found from this source file's location.
    public static func repositoryFixtures(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
    }
}
