import FixtureKit
import Foundation
import RecordsCore
import Testing

/// The real daily run (store, Trackmania clients, fake world) cut into deadline-sized slices by
/// scheduled ticks, as a Lambda deployment runs it: each slice stops before its deadline, the next
/// tick resumes the chain, and the chain ends completed without reading a committed map again.
@Suite("Lambda daily-run slices")
struct SlicedDailyRunTests {
    static let tick =
        #"{"version":"0","id":"e2","detail-type":"Scheduled Event","source":"aws.events","time":"2026-12-07T06:20:00Z","resources":["arn:aws:events:eu-west-1:123456789012:rule/recordsw-tick"],"detail":{}}"#

    /// A paced world (8 requests/s) and a one-second margin: a 4-second tick can read a few dozen maps.
    static let paced = ["TRACKMANIA_RATE_LIMIT": "8", "LAMBDA_SLICE_MARGIN_MS": "1000"]

    /// Hefest's map uids in the fixture world (131).
    static func hefestMaps() throws -> [String] {
        let url = FixtureSuite.repositoryFixtures().appendingPathComponent("trackmania/world.json")
        let world = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        return (world["maps"] as? [[String: Any]] ?? []).filter {
            $0["authorAccountId"] as? String == "7e6ddce7-a7ac-4732-b6fa-dfa7e5c15b62"
        }.compactMap { $0["uid"] as? String }
    }

    /// A mapper alert on Hefest's maps (131 in the fixture world); with `listed`, the maps are on the
    /// alert already (as a daily run's lists phase leaves them), otherwise the run finds them.
    static func watchHefest(_ app: LambdaTestApp, listed: Bool = false) async throws {
        let repositories = app.runtime.dependencies.repositories
        guard
            case .created(let user) = try await repositories.users.register(
                NewUser(username: "Hefest", email: "hefest@example.com", passwordHash: "unused"), maxUsers: .max,
                now: Date())
        else { throw LambdaTestApp.Unexpected(description: "the user was not created") }
        let alert = try await repositories.alerts.create(
            NewAlert(userId: user.id, username: "Hefest", email: user.email, recordFilter: .all), now: Date())
        if listed { _ = try await repositories.alerts.addMaps(alertId: alert.id, mapUids: try hefestMaps()) }
    }

    static func report(_ app: LambdaTestApp, runId: Int) async throws -> DailyRunReport? {
        try await app.runtime.dependencies.dailyRun?.status(runId: runId)?.report
    }

    @Test("a daily run cut into slices resumes where each stopped and completes, reading no map twice")
    func slicedRun() async throws {
        // The reference: the same world and alert in one tick with time enough.
        var whole = DailyRunReport(runId: 0, phase: .failed)
        try await LambdaTestApp.with(Self.paced) { app in
            try await Self.watchHefest(app)
            let answer = try await app.json(Self.tick, deadlineIn: 600)
            #expect(answer["dailyRun"] as? String == "completed")
            let runId = try #require(answer["runId"] as? Int)
            whole = try #require(try await Self.report(app, runId: runId))
        }
        // Enough reads that a 3-second slice cannot finish them.
        #expect(whole.mapsFetched > 60)

        try await LambdaTestApp.with(Self.paced) { app in
            try await Self.watchHefest(app)
            var outcomes: [String] = []
            var runIds: [Int] = []
            while outcomes.last != "completed", outcomes.count < 80 {
                let answer = try await app.json(Self.tick, deadlineIn: 4)
                outcomes.append(answer["dailyRun"] as? String ?? "\(answer)")
                if let id = answer["runId"] as? Int, !runIds.contains(id) { runIds.append(id) }
            }
            #expect(outcomes.last == "completed", "\(outcomes)")
            #expect(outcomes.count >= 2, "the run was not cut: \(outcomes)")
            #expect(outcomes.dropLast().allSatisfy { $0 == "sliced" }, "\(outcomes)")
            var reports: [DailyRunReport] = []
            for id in runIds { if let report = try await Self.report(app, runId: id) { reports.append(report) } }
            let fetched = reports.map(\.mapsFetched).reduce(0, +)
            // Every map was read; a committed one never again. A read cut in flight by a deadline was
            // not committed and is read again by the next slice (the run reads one map at a time).
            #expect(fetched >= whole.mapsFetched, "\(reports.map(\.mapsFetched)) vs \(whole.mapsFetched)")
            #expect(
                fetched <= whole.mapsFetched + outcomes.count,
                "\(reports.map(\.mapsFetched)) vs \(whole.mapsFetched)")
            // Each slice after the first resumed the one before.
            for (earlier, later) in zip(reports, reports.dropFirst()) {
                #expect(later.resumedFrom == earlier.runId)
            }
            let final = try #require(reports.last)
            #expect(final.phase == .completed)
            #expect(final.phase1Errors == 0)
            // The completed day is left alone.
            #expect(try await app.json(Self.tick, deadlineIn: 4)["dailyRun"] as? String == "done-today")
        }
    }
}
