import Foundation
import HTTPAdapter
import HandlerKit
import Logging
import RecordsApp
import RecordsCore
import Storage
import Synchronization
import Testing

@Suite("Security settings, headers, logs and files")
struct ConfigAndHeaderTests {
    static let production = ["DATABASE_URL": "postgres://u:p@db.example/app"]

    @Test(
        "a JWT_SECRET under 32 bytes stops serve with one line, unless JWT_SECRET_ALLOW_SHORT keeps it with a warning")
    func shortSecret() throws {
        let short = try AppConfig(environment: Self.production.merging(["JWT_SECRET": "short-secret"]) { $1 })
        #expect(throws: AppConfig.Invalid.self) { try short.validateForServing() }
        do {
            try short.validateForServing()
        } catch let invalid as AppConfig.Invalid {
            #expect(invalid.description.hasPrefix("JWT_SECRET is shorter than 32 bytes"))
            #expect(!invalid.description.contains("\n") && !invalid.description.contains("short-secret"))
        }
        let kept = try AppConfig(
            environment: Self.production.merging([
                "JWT_SECRET": "short-secret", "JWT_SECRET_ALLOW_SHORT": "1", "ALLOWED_ORIGIN": "https://tm.example",
            ]) { $1 })
        try kept.validateForServing()
        #expect(kept.securityWarnings.count == 1)
        #expect(kept.securityWarnings.first?.contains("JWT_SECRET") == true)
        let long = try AppConfig(
            environment: Self.production.merging(["JWT_SECRET": String(repeating: "k", count: 32)]) { $1 })
        try long.validateForServing()
    }

    @Test(
        "a CRON_SECRET under 16 bytes stops serve with one line, unless CRON_SECRET_ALLOW_SHORT keeps it with a warning"
    )
    func shortCronSecret() throws {
        let base = Self.production.merging([
            "JWT_SECRET": String(repeating: "k", count: 32), "ALLOWED_ORIGIN": "https://tm.example",
        ]) { $1 }
        let short = try AppConfig(environment: base.merging(["CRON_SECRET": "cron-s3cret"]) { $1 })
        #expect {
            try short.validateForServing()
        } throws: { error in
            let description = (error as? AppConfig.Invalid)?.description ?? ""
            return description.hasPrefix("CRON_SECRET is shorter than 16 bytes") && !description.contains("cron-s3cret")
        }
        let embedded = try AppConfig(environment: ["CRON_SECRET": "cron-s3cret"])
        #expect(throws: AppConfig.Invalid.self) { try embedded.validateForServing() }
        let kept = try AppConfig(
            environment: base.merging(["CRON_SECRET": "cron-s3cret", "CRON_SECRET_ALLOW_SHORT": "1"]) { $1 })
        try kept.validateForServing()
        #expect(kept.securityWarnings.count == 1)
        #expect(kept.securityWarnings.first?.hasPrefix("CRON_SECRET is shorter") == true)
        try AppConfig(environment: base.merging(["CRON_SECRET": String(repeating: "c", count: 16)]) { $1 })
            .validateForServing()
    }

    @Test("PostgreSQL without ALLOWED_ORIGIN warns; the embedded demo does not")
    func originWarning() throws {
        let production = try AppConfig(
            environment: Self.production.merging(["JWT_SECRET": String(repeating: "k", count: 40)]) { $1 })
        #expect(production.securityWarnings.contains { $0.hasPrefix("ALLOWED_ORIGIN is not set") })
        #expect(try AppConfig(environment: [:]).securityWarnings.isEmpty)
    }

    @Test("the security settings: defaults, values and one clear line for a bad one")
    func settings() throws {
        let defaults = try AppConfig(environment: [:]).security
        #expect(defaults.trustedProxies == .default)
        #expect(defaults.connectionLimits == ConnectionLimits(requestTimeout: .seconds(30), maximumConnections: 1024))
        #expect(defaults.sessionIdleTimeout == 86_400)
        #expect(defaults.sessionCheckReuse == .seconds(2))
        #expect(!defaults.strictTransportEverywhere)
        let set = try AppConfig(environment: [
            "TRUSTED_PROXIES": "none", "HTTP_IDLE_TIMEOUT": "10", "HTTP_MAX_CONNECTIONS": "500",
            "SESSION_IDLE_TIMEOUT": "7200", "HSTS_ALWAYS": "on", "SESSION_CHECK_REUSE_MS": "0",
        ]).security
        #expect(set.trustedProxies == .none)
        #expect(set.connectionLimits == ConnectionLimits(requestTimeout: .seconds(10), maximumConnections: 500))
        #expect(set.sessionIdleTimeout == 7200)
        #expect(set.sessionCheckReuse == .zero)
        #expect(set.strictTransportEverywhere)
        #expect(try AppConfig(environment: [:]).statsMaxAge == .seconds(10))
        #expect(try AppConfig(environment: ["STATS_CACHE_SECONDS": "0"]).statsMaxAge == .zero)
        for (name, value) in [
            ("TRUSTED_PROXIES", "proxy.example"), ("HTTP_IDLE_TIMEOUT", "0"), ("HTTP_MAX_CONNECTIONS", "3"),
            ("SESSION_IDLE_TIMEOUT", "10"), ("JWT_SECRET_ALLOW_SHORT", "maybe"), ("SESSION_CHECK_REUSE_MS", "-1"),
            ("SESSION_CHECK_REUSE_MS", "60001"), ("STATS_CACHE_SECONDS", "soon"), ("STATS_CACHE_SECONDS", "3601"),
        ] {
            do {
                _ = try AppConfig(environment: [name: value])
                Issue.record("\(name)=\(value) should be refused")
            } catch let invalid as AppConfig.Invalid {
                #expect(invalid.description.hasPrefix(name))
            }
        }
    }

    @Test("CORS without ALLOWED_ORIGIN: reflected without credentials, null not echoed; listed origins get credentials")
    func cors() {
        let open = HTTPPolicy(allowedOriginSetting: nil)
        let reflected = open.decorate(Response(statusCode: 200), origin: "https://elsewhere.example")
        #expect(reflected.headers["Access-Control-Allow-Origin"] == "https://elsewhere.example")
        #expect(reflected.headers["Access-Control-Allow-Credentials"] == nil)
        let opaque = open.decorate(Response(statusCode: 200), origin: "null")
        #expect(opaque.headers["Access-Control-Allow-Origin"] == nil)
        #expect(open.preflight(origin: "null").headers["Access-Control-Allow-Origin"] == nil)
        #expect(open.preflight(origin: "https://a.example").headers["Access-Control-Allow-Credentials"] == nil)

        let listed = HTTPPolicy(allowedOriginSetting: "https://tm.example")
        let allowed = listed.decorate(Response(statusCode: 200), origin: "https://tm.example")
        #expect(allowed.headers["Access-Control-Allow-Credentials"] == "true")
        #expect(
            listed.decorate(Response(statusCode: 200), origin: "null").headers["Access-Control-Allow-Origin"] == nil)
    }

    @Test("API responses carry CSP, X-XSS-Protection 0, and HSTS everywhere when configured")
    func securityHeaders() {
        let plain = HTTPPolicy().decorate(Response(statusCode: 200), origin: nil)
        #expect(plain.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'")
        #expect(plain.headers["X-XSS-Protection"] == "0")
        #expect(plain.headers["Strict-Transport-Security"] == nil)
        let always = HTTPPolicy(allowedOrigins: nil, strictTransportEverywhere: true)
            .decorate(Response(statusCode: 200), origin: nil)
        #expect(always.headers["Strict-Transport-Security"] == HTTPPolicy.strictTransportValue)
    }

    @Test("an unexpected error is logged by type and code, never by its text")
    func errorLogs() async throws {
        struct LeakyError: Error, CustomStringConvertible {
            var description: String { "duplicate key value (email)=(secret@example.com)" }
        }
        struct Failing: Handler {
            func handle(_ event: Event, context: HandlerContext) async throws -> Response { throw LeakyError() }
        }
        let records = LogRecords()
        let logger = Logger(label: "capture") { _ in CapturingLogHandler(records: records) }
        let dispatcher = Dispatcher(
            routes: [Route("GET", "/boom", handler: Failing())], policy: HTTPPolicy(), authenticator: nil,
            clock: SystemClock(), logger: logger)
        let response = await dispatcher.dispatch(Event(httpMethod: "GET", path: "/boom"))
        #expect(response.statusCode == 500)
        let lines = records.all
        #expect(lines.contains { $0.contains("error-type") && $0.contains("LeakyError") })
        #expect(!lines.contains { $0.contains("secret@example.com") })
    }

    @Test("the SQLite file, its new folder and its lock files are readable by the owner only")
    func sqlitePermissions() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-perm-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let path = root.appendingPathComponent("var/store.sqlite").path
        let database = try await Database.sqlite(path: path, logger: ServerHarness.logger)
        _ = try await database.migrate(logger: ServerHarness.logger)
        // A lock file left by an earlier version with 0644 is narrowed when it is next taken.
        let lockPath = path + ".recordsw_daily-run.lock"
        FileManager.default.createFile(atPath: lockPath, contents: nil, attributes: [.posixPermissions: 0o644])
        #expect(try await database.withLock("recordsw.daily-run") { true } == true)
        #expect(try await database.withLock("other") { true } == true)
        try await database.shutdown()
        let folder = try FileManager.default.attributesOfItem(atPath: root.appendingPathComponent("var").path)
        let file = try FileManager.default.attributesOfItem(atPath: path)
        #expect((folder[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o700)
        #expect((file[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o600)
        for lock in [lockPath, path + ".other.lock"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: lock)
            #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o777 } == 0o600, "\(lock)")
        }
    }
}

/// Log lines captured by ``CapturingLogHandler``.
final class LogRecords: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

/// Renders every log line with its metadata into ``LogRecords``.
struct CapturingLogHandler: LogHandler {
    let records: LogRecords
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        let merged = metadata.merging(extra ?? [:]) { $1 }
        records.append("\(message) \(merged)")
    }
}
