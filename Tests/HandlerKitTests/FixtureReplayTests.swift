import FixtureKit
import Foundation
import Logging
import RecordsCore
import Testing

/// Every fixture under `Fixtures/` is a contract test: replayed here exactly as `LocalInvoke --all --check` does,
/// and its responses checked against the API description.
@Suite("Fixtures")
struct FixtureReplayTests {
    static let root = FixtureSuite.repositoryFixtures()
    /// Fixture files, and any JSON file that fails to parse (so a broken fixture fails instead of vanishing);
    /// data files such as the fake Trackmania world are left out.
    static let files: [String] = FixtureLoader.discover(root: root).compactMap { url in
        let value = (try? Data(contentsOf: url)).flatMap { try? JSONValue.parse($0) }
        guard value.map(Fixture.looksLikeFixture) ?? true else { return nil }
        return FixtureLoader.relativeName(url, root: root)
    }

    @Test("the fixtures folder holds fixtures")
    func nonEmpty() {
        #expect(Self.files.count >= 5)
    }

    @Test("replays", arguments: files)
    func replay(_ name: String) async throws {
        var logger = Logger(label: "fixtures")
        logger.logLevel = .critical
        let suite = FixtureSuite(
            root: Self.root,
            runner: FixtureRunner(makeHost: AppFixtureHost.factory(fixturesRoot: Self.root, logger: logger)))
        let reports = await suite.run(files: [Self.root.appendingPathComponent(name)])
        let report = try #require(reports.first)
        #expect(report.error == nil, "\(report.error ?? "")")
        for step in report.steps {
            #expect(step.failures.isEmpty, "\(name) :: \(step.name): \(step.failures.joined(separator: "; "))")
        }
        for problem in OpenAPIContractTests.problems(in: report) {
            Issue.record("API description: \(problem)")
        }
    }
}
