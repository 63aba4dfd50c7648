import Foundation
import LambdaRuntime
import LambdaRuntimeFake
import Logging
import RecordsApp
import RecordsCore
import RecordsLambda
import Testing

/// Initialisation errors reach `init/error`; scheduled slices stop before their deadline.
@Suite("Lambda init and slices")
struct InitAndSliceTests {
    @Test("a queue URL without AWS credentials is the init error, naming the missing settings")
    func missingCredentials() async throws {
        let api = try await FakeRuntimeAPI.start()
        let logger = Logger(label: "init-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-init-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = LambdaTestApp.environment(
            [
                "MAP_SEARCH_QUEUE_URL": "https://sqs.eu-west-1.amazonaws.com/123456789012/recordsw-map-search",
                "AWS_REGION": "eu-west-1",
            ], folder: folder)
        await #expect(throws: AppConfig.Invalid.self) {
            try await LambdaApp.run(runtimeAPI: api.address, logger: logger) {
                try AppConfig(environment: environment)
            }
        }
        guard case .error(let type, let body) = await api.state.initError() else {
            Issue.record("expected an init error")
            await api.stop()
            return
        }
        #expect(type == "Runtime.InvalidConfiguration")
        #expect(body.contains("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set"))
        // Nothing was opened: no invocation was asked for, no store file was created.
        #expect(await api.state.nextCalls == 0)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("store.sqlite").path))
        await api.stop()
    }

    @Test("a bad setting is the init error, then a good configuration serves")
    func badSettingThenServe() async throws {
        let api = try await FakeRuntimeAPI.start()
        let logger = Logger(label: "init-test", factory: { _ in SwiftLogNoOpLogHandler() })
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-init-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        await #expect(throws: AppConfig.Invalid.self) {
            try await LambdaApp.run(runtimeAPI: api.address, logger: logger) {
                try AppConfig(environment: LambdaTestApp.environment(["PORT": "not-a-port"], folder: folder))
            }
        }
        guard case .error(let type, _) = await api.state.initError() else {
            Issue.record("expected an init error")
            await api.stop()
            return
        }
        #expect(type == "Runtime.InvalidConfiguration")
        // The service starts a new environment: the same address, a good configuration, one invocation.
        let run = Task {
            try await LambdaApp.run(runtimeAPI: api.address, logger: logger, limit: 1) {
                try AppConfig(environment: LambdaTestApp.environment([:], folder: folder))
            }
        }
        // The environment asks for its first invocation (or the run ended: then fail, not hang).
        let waitUntil = Date().addingTimeInterval(120)
        while await api.state.nextCalls == 0, Date() < waitUntil {
            if run.isCancelled { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        guard await api.state.nextCalls > 0 else {
            run.cancel()
            Issue.record(
                "the second environment never asked for an invocation: \(String(describing: await run.result))")
            await api.stop()
            return
        }
        let answer = await api.invoke(Data(LambdaTestApp.v2(path: "/health").utf8))
        guard case .response(let body) = answer else {
            Issue.record("expected a response, got \(answer)")
            run.cancel()
            await api.stop()
            return
        }
        #expect(body.contains(#""statusCode":200"#))
        try await run.value
        await api.stop()
    }

    /// A daily run that works until it is cancelled, as a long run does in a short slice.
    struct EndlessRun: DailyRunControl {
        func runNow(progress: @escaping @Sendable (DailyRunReport) async -> Void) async throws
            -> DailyRunCoordinator.Outcome
        {
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(10)) }
            var report = DailyRunReport(runId: 7, phase: .failed)
            report.error = "cancelled"
            return .finished(report)
        }
        func start() async throws -> DailyRunCoordinator.Outcome { .busy(runId: nil) }
        func status(runId: Int) async throws -> (run: DailyRun, report: DailyRunReport?)? { nil }
        func latestStatus() async throws -> (run: DailyRun, report: DailyRunReport?)? { nil }
    }

    /// A watch turn that records when it was asked to stop and watches until then.
    actor RecordedWatch: WatchTurn {
        var stops: [Date] = []
        func watch(until stop: Date) async -> WatchTurnReport {
            stops.append(stop)
            try? await Task.sleep(for: .milliseconds(Int64(max(0, stop.timeIntervalSinceNow) * 1000)))
            return WatchTurnReport(status: "watched", requests: 1, seconds: 0)
        }
    }

    struct FixedClock: WallClock { var now: Date }

    @Test("a slice stops at the deadline's margin and says it was sliced; the watcher gets no turn")
    func sliceStopsBeforeDeadline() async throws {
        let watch = RecordedWatch()
        let tick = ScheduledTick(
            dailyRun: EndlessRun(), mapSearch: nil, watch: watch, margin: .seconds(6), clock: SystemClock())
        let deadline = Date().addingTimeInterval(12)
        let report = try await tick.run(deadline: deadline, logger: Logger(label: "slice"))
        // "sliced" is answered only when the tick's own timer cut the run at the margin (6 s before the
        // deadline), never earlier. How soon after that the answer leaves is not asserted: on a loaded
        // machine a cancelled task can wait seconds for a thread (CI once saw 6 s).
        #expect(report.dailyRun == "sliced")
        #expect(Date() >= deadline.addingTimeInterval(-6.5))
        #expect(report.watch == nil)
        #expect(await watch.stops.isEmpty)
    }

    @Test("before the daily hour a tick leaves the daily run alone and watches, at most its watch turn")
    func beforeTheDailyHour() async throws {
        let watch = RecordedWatch()
        // 03:00 UTC, the daily run from 06:00: the endless run must not start (the tick would be sliced).
        let clock = FixedClock(now: Date(timeIntervalSince1970: 1_796_612_400))
        let tick = ScheduledTick(
            dailyRun: EndlessRun(), mapSearch: nil, watch: watch, margin: .seconds(1), dailyHour: 6,
            watchTurn: .seconds(2), clock: clock)
        let started = Date()
        let report = try await tick.run(deadline: started.addingTimeInterval(600), logger: Logger(label: "tick"))
        #expect(report.dailyRun == "not-yet")
        #expect(report.watch?.status == "watched")
        let stops = await watch.stops
        #expect(stops.count == 1)
        // The turn is bounded by LAMBDA_WATCH_SECONDS (2 s), not by the 10-minute deadline (a loaded
        // machine may start the tick late, hence the wide bound).
        #expect(stops.allSatisfy { $0.timeIntervalSince(started) < 120 })
    }

    @Test("after the day's run a tick watches until its deadline's margin")
    func watchesAfterTheDay() async throws {
        let watch = RecordedWatch()
        let tick = ScheduledTick(
            dailyRun: nil, mapSearch: nil, watch: watch, margin: .seconds(6), watchTurn: .seconds(540),
            clock: SystemClock())
        let deadline = Date().addingTimeInterval(8)
        let report = try await tick.run(deadline: deadline, logger: Logger(label: "tick"))
        #expect(report.watch?.status == "watched")
        let stops = await watch.stops
        #expect(stops.allSatisfy { abs($0.timeIntervalSince(deadline.addingTimeInterval(-6))) < 0.5 })
    }

    @Test("a tick with no time left before the margin does not start the run")
    func noTime() async throws {
        let tick = ScheduledTick(dailyRun: EndlessRun(), mapSearch: nil, margin: .seconds(5), clock: SystemClock())
        let report = try await tick.run(deadline: Date().addingTimeInterval(2), logger: Logger(label: "slice"))
        #expect(report.dailyRun == "no-time")
    }
}
