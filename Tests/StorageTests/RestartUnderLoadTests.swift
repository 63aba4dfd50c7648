import AsyncHTTPClient
import Foundation
import HandlerKit
import NIOCore
import RecordsCore
import StoreTestSupport
import Testing

@testable import Storage

#if canImport(Glibc)
    import Glibc
#endif

extension StorageSuite {
    /// The real server on the restartable PostgreSQL (`scripts/test-postgres.sh`), under 32 concurrent
    /// clients while that server is stopped with `-m fast` and started again: every request ends with 200
    /// or 503 within its bound, and SIGTERM then stops the server within the drain time.
    @Suite struct RestartUnderLoadTests {
        static let clients = 32
        static let statementTimeout = 2
        static let drain = 5
        /// One request may wait for a connection (5 s) and use it (the statement timeout) twice: the
        /// session check and the user; anything longer is a hang.
        static let requestBound: Duration = .seconds(2 * (5 + statementTimeout) + 2)

        /// What the clients saw.
        struct Tally: Sendable, CustomStringConvertible {
            var ok = 0
            var unavailable = 0
            var other: [Int] = []
            var unanswered = 0
            var errors: [String] = []
            var description: String {
                "200: \(ok), 503: \(unavailable), other: \(other), unanswered: \(unanswered), errors: \(errors.prefix(3))"
            }
        }

        @Test(.disabled(if: Backend.postgresSkipReason != nil, Comment(rawValue: Backend.postgresSkipReason ?? "")))
        func everyRequestEndsAndSIGTERMStopsTheServerAcrossARestart() async throws {
            guard AvailabilityTests.controlScript != nil,
                let restartURL = ProcessInfo.processInfo.environment["RECORDSW_TEST_POSTGRES_RESTART_URL"],
                let binary = ServerProcess.binary
            else {
                if ProcessInfo.processInfo.environment["CI"] != nil {
                    Issue.record(
                        "needs scripts/test-postgres.sh and the recordsw executable (swift build --build-tests)")
                }
                return
            }
            let name = "load\(UUID().uuidString.prefix(8).lowercased())"
            let password = "Restart-under-load-1"
            let database = try Database.postgres(url: restartURL, logger: TestDatabase.logger)
            try await TestDatabase.running(database) { db in
                _ = try await db.migrate(logger: TestDatabase.logger)
                let hash = try await PasswordHasher(cost: 4).hash(password)
                _ = try await db.repositories.users.register(
                    NewUser(username: name, email: "\(name)@example.com", passwordHash: hash), maxUsers: .max,
                    now: Date())
            }
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let server = try ServerProcess.start(
                binary: binary,
                environment: [
                    "DATABASE_URL": restartURL, "JWT_SECRET": "restart-under-load-secret-0123456789abcdef",
                    "NODE_ENV": "test", "LOG_LEVEL": "warning",
                    "TRACKMANIA_DEMO_WORLD": root.appendingPathComponent("Fixtures/trackmania/world.json").path,
                    "PG_STATEMENT_TIMEOUT_SECONDS": String(Self.statementTimeout),
                    "SHUTDOWN_DRAIN_SECONDS": String(Self.drain),
                ])
            var stopped = false
            defer { if !stopped { server.kill() } }
            var configuration = HTTPClient.Configuration()
            configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = Self.clients
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            do {
                try await Self.load(client, server: server, name: name, password: password)
            } catch {
                try? await client.shutdown()
                throw error
            }
            try await client.shutdown()
            let bound = Duration.seconds(Self.drain) + .seconds(2)
            let took = await server.stop(with: SIGTERM, within: bound + .seconds(10))
            stopped = true
            let exit = try #require(took, "the server ignored SIGTERM for \(bound + .seconds(10))\n\(server.logTail)")
            #expect(exit < bound, "SIGTERM took \(exit), more than the drain time")
        }

        /// Signs in, then runs the clients through two stops and starts of PostgreSQL.
        static func load(_ client: HTTPClient, server: ServerProcess, name: String, password: String) async throws {
            let base = "http://127.0.0.1:\(server.port)"
            try await Self.waitUntilListening(client, base: base, server: server)
            let token = try await Self.signIn(client, base: base, name: name, password: password)

            let loadEnds = Shared(ContinuousClock.now + .seconds(60))
            let tally = Shared(Tally())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<Self.clients {
                    group.addTask {
                        while ContinuousClock.now < loadEnds.withLock({ $0 }) {
                            await Self.profile(client, base: base, token: token, into: tally)
                        }
                    }
                }
                // Two outages: the race that lost a query needs connections leased as the server goes away.
                for _ in 0..<2 {
                    try await Task.sleep(for: .seconds(1))
                    try AvailabilityTests.control("stop")
                    // Not `try`: PostgreSQL must be started again whatever happens (the other tests need it).
                    try? await Task.sleep(for: .seconds(3))
                    try AvailabilityTests.control("start")
                }
                try await Task.sleep(for: .seconds(2))
                loadEnds.withLock { $0 = .now }
                try await group.waitForAll()
            }
            let seen = tally.withLock { $0 }
            #expect(seen.unanswered == 0, "requests left unanswered: \(seen)\n\(server.logTail)")
            #expect(seen.other.isEmpty && seen.errors.isEmpty, "\(seen)")
            #expect(seen.ok > 0, "\(seen)")
        }

        /// One `GET /api/v1/users/profile`, counted.
        static func profile(_ client: HTTPClient, base: String, token: String, into tally: Shared<Tally>) async {
            var request = HTTPClientRequest(url: "\(base)/api/v1/users/profile")
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            do {
                let response = try await client.execute(request, timeout: .seconds(requestBound.components.seconds))
                _ = try await response.body.collect(upTo: 1 << 16)
                let status = Int(response.status.code)
                tally.withLock { tally in
                    switch status {
                    case 200: tally.ok += 1
                    case 503: tally.unavailable += 1
                    default: tally.other.append(status)
                    }
                }
            } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
                tally.withLock { $0.unanswered += 1 }
            } catch {
                tally.withLock { $0.errors.append("\(error)") }
            }
        }

        static func waitUntilListening(_ client: HTTPClient, base: String, server: ServerProcess) async throws {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                if let response = try? await client.execute(
                    HTTPClientRequest(url: "\(base)/health"), timeout: .seconds(2)),
                    response.status == .ok
                {
                    return
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("the server did not start\n\(server.logTail)")
            throw CancellationError()
        }

        static func signIn(_ client: HTTPClient, base: String, name: String, password: String) async throws -> String {
            var request = HTTPClientRequest(url: "\(base)/api/v1/users/login")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"username":"\#(name)","password":"\#(password)"}"#))
            let response = try await client.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 16)
            let json = try JSONSerialization.jsonObject(with: Data(String(buffer: body).utf8)) as? [String: Any]
            return try #require(json?["access_token"] as? String, "login failed: \(String(buffer: body))")
        }
    }
}
