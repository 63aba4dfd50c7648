import AsyncHTTPClient
import FakeTrackmania
import Foundation
import HTTPAdapter
import HandlerKit
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RecordsApp
import RecordsCore
import Storage
import StoreTestSupport
import Synchronization
import Testing

/// The two stores every storage-related security test runs on (`StoreTestSupport`).
typealias Store = StoreTestSupport.Backend

/// A clock tests move forward.
final class MovableClock: WallClock, Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date()) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

/// The real application over a fresh store: SQLite in a temp folder, or a new database on the
/// PostgreSQL server `scripts/test-postgres.sh` started. Its dispatcher is the one `serve` uses.
struct ServerHarness: Sendable {
    let config: AppConfig
    let deps: AppDependencies
    let dispatcher: Dispatcher

    static let logger: Logger = {
        var logger = Logger(label: "recordsw.security-tests")
        logger.logLevel = .critical
        return logger
    }()

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `body` with a migrated application on `store`.
    static func with(
        _ store: Store, environment extra: [String: String] = [:], clock: (any WallClock)? = nil,
        _ body: @Sendable (ServerHarness) async throws -> Void
    ) async throws {
        guard TestStores.available(store) else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-sec-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = [
            "JWT_SECRET": "security-tests-secret-0123456789abcdef",
            "NODE_ENV": "test",
            "TRACKMANIA_DEMO_WORLD": repositoryRoot.appendingPathComponent("Fixtures/trackmania/world.json").path,
            "TRACKMANIA_RATE_LIMIT": "1000",
            "SQLITE_PATH": folder.appendingPathComponent("store.sqlite").path,
        ]
        var databaseName: String?
        if store == .postgres {
            let name = try await TestStores.createDatabase(logger: logger)
            databaseName = name
            environment["DATABASE_URL"] = try TestStores.url(database: name)
        }
        environment.merge(extra) { _, new in new }
        do {
            let config = try AppConfig(environment: environment)
            let runtime = try await AppRuntime.open(config: config, logger: logger, hasher: PasswordHasher(cost: 4))
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await runtime.database.run() }
                    do {
                        _ = try await runtime.database.migrate(logger: logger)
                        var deps = runtime.dependencies
                        if let clock { deps.clock = clock }
                        try await body(
                            ServerHarness(
                                config: config, deps: deps, dispatcher: RouteTable.dispatcher(deps, logger: logger)))
                    } catch {
                        group.cancelAll()
                        throw error
                    }
                    group.cancelAll()
                }
            } catch {
                await runtime.close()
                throw error
            }
            await runtime.close()
        } catch {
            if let databaseName { try? await TestStores.dropDatabase(databaseName, logger: logger) }
            throw error
        }
        if let databaseName { try await TestStores.dropDatabase(databaseName, logger: logger) }
    }

    /// Registers a user with `password`.
    func makeUser(_ name: String, password: String) async throws -> User {
        let hash = try await deps.hasher.hash(password)
        guard
            case .created(let user) = try await deps.repositories.users.register(
                NewUser(username: name, email: "\(name)@example.com", passwordHash: hash), maxUsers: .max,
                now: deps.clock.now)
        else { throw HarnessError(description: "could not create \(name)") }
        return user
    }

    /// Sends one request through the dispatcher, as `LocalInvoke` does.
    func call(
        _ method: String, _ path: String, body: JSONValue? = nil, bearer: String? = nil,
        sourceIP: String = "192.0.2.1"
    ) async -> (status: Int, headers: [String: String], body: JSONValue) {
        var headers = ["content-type": "application/json"]
        if let bearer { headers["authorization"] = "Bearer \(bearer)" }
        let event = Event(
            httpMethod: method, path: path, headers: headers, body: body?.jsonText(sortedKeys: true),
            requestContext: .init(identity: .init(sourceIp: sourceIP)))
        let response = await dispatcher.dispatch(event)
        return (
            response.statusCode, response.headers, (try? JSONValue.parse(response.body ?? "null")) ?? .null
        )
    }

    /// Serves the application over HTTP on loopback while `body` runs, as `serve` wires it.
    func serving(
        limits: ConnectionLimits = ConnectionLimits(), _ body: @Sendable (Int) async throws -> Void
    ) async throws {
        let app = HTTPServer.makeApplication(
            dispatcher: dispatcher, host: "127.0.0.1", port: 0, trustedProxyHops: config.trustedProxyHops,
            trustedProxies: config.security.trustedProxies, limits: limits, logger: Self.logger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body(port)
            // The test's client pool may still be opening spare connections: see AcceptQueueDrain.
            await AcceptQueueDrain.drain(port: port)
        }
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
}

/// Posts JSON over real HTTP with a shared client allowing many parallel connections.
struct HTTPPoster: Sendable {
    let client: HTTPClient

    static func with(_ body: @Sendable (HTTPPoster) async throws -> Void) async throws {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        // A burst queues most requests behind the 64 connections; on a loaded machine the wait for a
        // pooled connection can pass the default connect timeout, which is not what the tests check.
        configuration.timeout = .init(connect: .seconds(60), read: .seconds(120))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            try await body(HTTPPoster(client: client))
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
    }

    /// The status and parsed body of one POST.
    func post(port: Int, path: String, json: JSONValue, forwardedFor: String? = nil) async throws -> (Int, JSONValue) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let forwardedFor { request.headers.add(name: "X-Forwarded-For", value: forwardedFor) }
        request.body = .bytes(ByteBuffer(string: json.jsonText(sortedKeys: true) ?? "{}"))
        let response = try await client.execute(request, timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), (try? JSONValue.parse(String(buffer: body))) ?? .null)
    }
}
