import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import Logging
import PostgresNIO
import ServiceLifecycle

/// The baselines the benchmarks compare recordsw against: a bare Hummingbird server answering
/// `GET /health` with a fixed JSON body (and `GET /health-same-bytes` with recordsw's headers and body
/// size) and, given a PostgreSQL URL, `GET /user/:id` with one pooled
/// PostgresNIO select by id — what the profile route costs without the contract, auth and repositories.
///
/// Usage: `bench-hello PORT [POSTGRES_URL]`, or `bench-hello bcrypt [COUNT]` to print what one cost-10
/// bcrypt check costs on one core here (the ceiling of the login benchmark).
@main
struct BenchHello {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "bcrypt" {
            measureBcrypt(count: Int(arguments.dropFirst().first ?? "") ?? 20)
            return
        }
        let port = Int(arguments.first ?? "") ?? 8081
        let logger = Logger(label: "bench-hello")
        let router = Router()
        router.get("/health") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"OK","version":"1.0.0"}"#)))
        }
        // The same route answering recordsw's exact response shape (its headers and a body of the
        // same length), so a benchmark can separate the contract layer's cost from the cost of
        // sending a bigger response.
        let sameBytesBody = ByteBuffer(
            string: #"{"environment":"development","services":{"backend":"healthy","postgres":"not_configured","#
                + #""store":"sqlite"},"status":"OK","timestamp":"2026-11-23T23:43:05.163Z","uptime":1.979507263,"#
                + #""version":"1.0.0"}"#)
        let sameBytesHeaders: HTTPFields = [
            .contentType: "application/json; charset=utf-8",
            HTTPField.Name("X-Frame-Options")!: "DENY",
            HTTPField.Name("Access-Control-Allow-Origin")!: "*",
            HTTPField.Name("X-XSS-Protection")!: "0",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "strict-origin-when-cross-origin",
            HTTPField.Name("Content-Security-Policy")!: "default-src 'none'; frame-ancestors 'none'",
        ]
        router.get("/health-same-bytes") { _, _ in
            Response(status: .ok, headers: sameBytesHeaders, body: .init(byteBuffer: sameBytesBody))
        }
        var services: [any Service] = []
        if arguments.count > 1, let config = try? PostgresClient.Configuration(url: arguments[1]) {
            let client = PostgresClient(configuration: config, backgroundLogger: logger)
            services.append(client)
            router.get("/user/:id") { _, context in
                let id = try context.parameters.require("id", as: Int.self)
                let rows = try await client.query("SELECT id, email, username, created_at FROM users WHERE id = \(id)")
                for try await (userId, email, username, created) in rows.decode((Int, String, String?, Date).self) {
                    return
                        #"{"id":\#(userId),"email":"\#(email)","username":"\#(username ?? "")","createdAt":"\#(created)"}"#
                }
                return "{}"
            }
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), services: services,
            logger: logger)
        try await app.runService()
    }
}

extension PostgresClient.Configuration {
    /// Host, port, user, password and database from a `postgres://` URL, without TLS (loopback only).
    init(url: String) throws {
        guard let components = URLComponents(string: url), let host = components.host else {
            throw URLError(.badURL)
        }
        self.init(
            host: host, port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: String(components.path.dropFirst()), tls: .disable)
    }
}

/// Times `count` cost-10 bcrypt checks on this thread and prints milliseconds per check.
func measureBcrypt(count: Int) {
    let hash = Bcrypt.hash("correct-horse-1", cost: 10)
    let clock = ContinuousClock()
    let elapsed = clock.measure {
        for _ in 0..<count { _ = Bcrypt.verify("correct-horse-1", hash: hash) }
    }
    let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    print(String(format: "%.1f", milliseconds / Double(count)))
}
