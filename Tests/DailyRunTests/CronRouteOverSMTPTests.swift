import FakeTrackmania
import Foundation
import HandlerKit
import Logging
import RecordsApp
import RecordsCore
import Testing

/// `POST /api/v1/cron/daily` as the original's crontab calls it, through the real route table and
/// dispatcher of an application opened from environment settings: SQLite, the Trackmania world
/// served in-process, and `SMTP_*` settings pointing at a loopback receiver.
struct CronRouteOverSMTPTests {
    @Test func theCronCallReportsWhatArrived() async throws {
        let smtp = try await LoopbackSMTP.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "recordsw-cron-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let now = Int(Date().timeIntervalSince1970)
        let worldFile = folder.appendingPathComponent("world.json")
        try JSONEncoder().encode(DailyWorld.world(now: now)).write(to: worldFile)
        var environment = [
            "JWT_SECRET": "cron-smtp-secret-0123456789abcdef",
            "NODE_ENV": "test",
            "SQLITE_PATH": folder.appendingPathComponent("store.sqlite").path,
            "TRACKMANIA_DEMO_WORLD": worldFile.path,
            "TRACKMANIA_RATE_LIMIT": "1000",
            "CRON_SECRET": "cron-s3cret",
        ]
        environment.merge(smtp.environment) { _, mail in mail }
        var logger = Logger(label: "cron-smtp-test")
        logger.logLevel = .critical
        let runtime = try await AppRuntime.open(config: try AppConfig(environment: environment), logger: logger)
        do {
            try await Self.check(runtime: runtime, smtp: smtp, logger: logger, recordAt: now - 3600)
        } catch {
            await runtime.close()
            await smtp.stop()
            throw error
        }
        await runtime.close()
        await smtp.stop()
    }

    static func check(runtime: AppRuntime, smtp: LoopbackSMTP, logger: Logger, recordAt: Int) async throws {
        _ = try await runtime.database.migrate(logger: logger)
        let repositories = runtime.dependencies.repositories
        let outcome = try await repositories.users.register(
            NewUser(username: "MapperA", email: "mappera@example.com", passwordHash: "hash"), maxUsers: 10,
            now: Date())
        guard case .created(let user) = outcome else { throw SimulatedCrash() }
        _ = try await repositories.alerts.create(
            NewAlert(userId: user.id, username: "MapperA", email: user.email, recordFilter: .all), now: Date())
        let dispatcher = RouteTable.dispatcher(runtime.dependencies, logger: logger)

        func call(_ secret: String) async throws -> (status: Int, body: JSONObject) {
            let response = await dispatcher.dispatch(
                Event(httpMethod: "POST", path: "/api/v1/cron/daily", headers: ["authorization": "Bearer \(secret)"]))
            let body = try #require(try JSONValue.parse(response.body ?? "").objectValue)
            return (response.statusCode, body)
        }

        let refused = try await call("wrong")
        #expect(refused.status == 401)
        #expect(refused.body["error"]?.stringValue == "Unauthorized")
        #expect(await smtp.take().isEmpty)

        let first = try await call("cron-s3cret")
        let mails = await smtp.take()
        #expect(first.status == 200)
        #expect(first.body["message"]?.stringValue == "Daily cron completed")
        #expect(first.body["emailsSent"]?.numberValue == Double(mails.count))
        #expect(mails.count == 1)
        #expect(first.body["emailsSkipped"]?.numberValue == 0)
        #expect(first.body["emailsFailed"]?.numberValue == 0)
        #expect(first.body["phase1Processed"]?.numberValue == 1)
        #expect(first.body["phase2Processed"]?.numberValue == 0)
        #expect(first.body["phase1Errors"]?.numberValue == 0)
        #expect(first.body["phase2Errors"]?.numberValue == 0)
        #expect(first.body["totalProcessed"]?.numberValue == 1)
        #expect(first.body["itemsQueued"]?.numberValue == 1)
        #expect(first.body["mapsFetched"]?.numberValue == 3)
        #expect((first.body["trackmaniaCalls"]?.numberValue ?? 0) > 0)
        #expect(first.body["runId"]?.numberValue != nil)
        let mail = try #require(mails.first)
        #expect(mail.recipients == ["mappera@example.com"])
        #expect(mail.mailFrom == "records@example.com")
        #expect(mail.subject == "1 new record on Alpha <One>")
        #expect(
            mail.plain.contains(
                "Alpha <One> · 1 new record\n  🥇 #1 Player0 · 30.000 · France · \(utcMinute(recordAt))\n"))
        #expect(mail.html.contains("Alpha &lt;One&gt;"))

        // The crontab's second call of the day: nothing new, nothing sent.
        let second = try await call("cron-s3cret")
        #expect(second.status == 200)
        #expect(second.body["emailsSent"]?.numberValue == 0)
        #expect(second.body["runId"]?.numberValue != first.body["runId"]?.numberValue)
        #expect(await smtp.take().isEmpty)
    }
}
