import Foundation
import HandlerKit
import Logging
import RecordsCore
import Testing

@testable import Storage

#if canImport(Glibc)
    import Glibc
#endif

/// A route that reads a user, to see the HTTP answer while the database is down.
struct ProbeHandler: Handler {
    let users: any UserRepository

    func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let user = try await users.user(id: 1)
        return .json(200, ["found": user != nil])
    }
}

extension StorageSuite {
    @Suite struct AvailabilityTests {
        static var controlScript: String? { ProcessInfo.processInfo.environment["RECORDSW_TEST_POSTGRES_CTL"] }

        /// Runs the control script with posix_spawn and waitpid: Foundation's `Process.waitUntilExit` never
        /// returns here because the restarted server inherits the descriptor it watches.
        static func control(_ action: String) throws {
            let path = try #require(controlScript)
            var pid: pid_t = 0
            var arguments: [UnsafeMutablePointer<CChar>?] = [strdup(path), strdup(action), nil]
            defer { arguments.forEach { free($0) } }
            let spawned = posix_spawn(&pid, path, nil, nil, &arguments, environ)
            try #require(spawned == 0, "cannot run the control script")
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            #expect(status == 0, "postgres \(action) failed")
        }

        @Test func unreachableServerIsUnavailableNotAHang() async throws {
            // Nothing listens on port 1: leases fail fast or time out, both as StoreError.unavailable.
            let db = try Database.postgres(
                url: "postgres://nobody@127.0.0.1:1/none", logger: TestDatabase.logger, leaseTimeout: .seconds(2))
            try await TestDatabase.running(db) { db in
                await #expect(throws: StoreError.unavailable) {
                    _ = try await db.repositories.users.user(id: 1)
                }
                await #expect(throws: StoreError.unavailable) { try await db.checkReady() }
            }
        }

        @Test func openChoosesPostgresOnlyForANonEmptyURL() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "recordsw-open-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("var/recordsw.sqlite").path
            let embedded = try await Database.open(url: " ", sqlitePath: path, logger: TestDatabase.logger)
            #expect(embedded.kind == .sqlite)
            #expect(FileManager.default.fileExists(atPath: path))
            try await embedded.shutdown()
            let remote = try await Database.open(
                url: "postgres://u@127.0.0.1:1/db", sqlitePath: path, logger: TestDatabase.logger)
            #expect(remote.kind == .postgres)
        }

        @Test func urlsAreParsedWithTheirTLSMode() throws {
            let neon = try PostgresURL(
                "postgresql://app:s%40cret@ep-x.eu-central-1.aws.neon.tech/neondb?sslmode=require&channel_binding=require"
            )
            #expect(neon.host == "ep-x.eu-central-1.aws.neon.tech")
            #expect(neon.port == 5432)
            #expect(neon.username == "app")
            #expect(neon.password == "s@cret")
            #expect(neon.database == "neondb")
            #expect(neon.tlsMode == .verifyFull)
            #expect(try PostgresURL("postgres://u@db.example.com/x?sslmode=verify-full").tlsMode == .verifyFull)
            #expect(try PostgresURL("postgres://u@db.example.com/x?sslmode=verify-ca").tlsMode == .verifyChain)
            #expect(try PostgresURL("postgres://u@db.example.com/x").tlsMode == .prefer)
            let local = try PostgresURL("postgres://me@127.0.0.1:5433/db")
            #expect(local.tlsMode == .disable)
            #expect(local.port == 5433)
            #expect(local.password == nil)
            #expect(throws: (any Error).self) { try PostgresURL("mysql://x@y/z") }
            #expect(throws: (any Error).self) { try PostgresURL("postgres://x@y/z?sslmode=bogus") }
        }

        @Test(.disabled(if: Backend.postgresSkipReason != nil, Comment(rawValue: Backend.postgresSkipReason ?? "")))
        func lostServerGives503AndThePoolRecovers() async throws {
            // A server of its own (scripts/test-postgres.sh starts it): stopping the shared one would fail
            // every other PostgreSQL test running at the same time.
            guard Self.controlScript != nil,
                let restartURL = ProcessInfo.processInfo.environment["RECORDSW_TEST_POSTGRES_RESTART_URL"]
            else {
                if ProcessInfo.processInfo.environment["CI"] != nil {
                    Issue.record(
                        "RECORDSW_TEST_POSTGRES_CTL/_RESTART_URL are not set: run through scripts/test-postgres.sh")
                }
                return
            }
            let database = try Database.postgres(
                url: restartURL, logger: TestDatabase.logger, leaseTimeout: .seconds(2))
            try await TestDatabase.running(database) { db in
                _ = try await db.migrate(logger: TestDatabase.logger)
                _ = try await db.makeUser("survivor-\(UUID().uuidString.prefix(8))")
                let dispatcher = Dispatcher(
                    routes: [
                        Route("GET", "/probe", errorKey: "error", handler: ProbeHandler(users: db.repositories.users)),
                        Route("GET", "/ready", errorKey: "error", handler: ReadinessHandler(probe: db)),
                    ],
                    policy: HTTPPolicy(), authenticator: nil, clock: SystemClock(), logger: TestDatabase.logger)
                let healthy = await dispatcher.dispatch(Event(httpMethod: "GET", path: "/probe"))
                #expect(healthy.statusCode == 200)
                #expect(await dispatcher.dispatch(Event(httpMethod: "GET", path: "/ready")).statusCode == 200)

                try Self.control("stop")
                var restarted = false
                defer { if !restarted { try? Self.control("start") } }
                await #expect(throws: StoreError.unavailable) {
                    _ = try await db.repositories.users.user(id: 1)
                }
                let down = await dispatcher.dispatch(Event(httpMethod: "GET", path: "/probe"))
                #expect(down.statusCode == 503)
                #expect(down.body == #"{"error":"Service temporarily unavailable"}"#)
                let notReady = await dispatcher.dispatch(Event(httpMethod: "GET", path: "/ready"))
                #expect(notReady.statusCode == 503)
                #expect(notReady.body == #"{"checks":{"database":"unreachable"},"status":"unavailable"}"#)

                try Self.control("start")
                restarted = true
                let deadline = ContinuousClock.now + .seconds(60)
                var recovered = false
                while ContinuousClock.now < deadline {
                    if (try? await db.repositories.users.count()) == 1 {
                        recovered = true
                        break
                    }
                    try await Task.sleep(for: .milliseconds(250))
                }
                #expect(recovered, "the pool did not reconnect within 60 s")
                let back = await dispatcher.dispatch(Event(httpMethod: "GET", path: "/probe"))
                #expect(back.statusCode == 200)
                #expect(await dispatcher.dispatch(Event(httpMethod: "GET", path: "/ready")).statusCode == 200)
            }
        }
    }
}
