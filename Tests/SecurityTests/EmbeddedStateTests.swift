import FakeTrackmania
import Foundation
import RecordsApp
import Testing

/// The embedded default's shared state: one secret and one demo anchor for every process.
@Suite("Embedded state")
struct EmbeddedStateTests {
    func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-embedded-\(UUID().uuidString)").path
    }

    @Test("the secret is generated once, owner-only, and every reader gets the same one")
    func secret() async throws {
        let directory = folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let state = EmbeddedState(sqlitePath: "\(directory)/var/recordsw.sqlite")
        // Several processes starting at once: every one reads the winner's secret.
        let secrets = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { try state.secret() } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(secrets.count == 1)
        let secret = try #require(secrets.first)
        #expect(Data(base64Encoded: secret)?.count == 32)
        let attributes = try FileManager.default.attributesOfItem(atPath: state.secretPath)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try EmbeddedState(sqlitePath: "\(directory)/var/other.sqlite").secret() == secret)
    }

    @Test("the configuration adopts it only for the embedded default, and keeps a configured secret")
    func adoption() throws {
        let directory = folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = "\(directory)/recordsw.sqlite"
        var embedded = try AppConfig(environment: ["SQLITE_PATH": path])
        try embedded.adoptEmbeddedState(now: Date(timeIntervalSince1970: 1_800_000_000))
        #expect(embedded.jwtSecret == (try EmbeddedState(sqlitePath: path).secret()))
        #expect(embedded.generatedSecretFile == "\(directory)/recordsw.secret")
        #expect(embedded.startupNotices.contains { $0.contains("JWT_SECRET is not set") })
        #expect(embedded.startupNotices.contains { $0.contains("CRON_SECRET is not set") })

        var configured = try AppConfig(
            environment: ["SQLITE_PATH": path, "JWT_SECRET": "configured", "CRON_SECRET": "0123456789abcdef"])
        try configured.adoptEmbeddedState()
        #expect(configured.jwtSecret == "configured")
        #expect(configured.startupNotices.isEmpty)

        var postgres = try AppConfig(environment: ["DATABASE_URL": "postgres://u@127.0.0.1/db"])
        try postgres.adoptEmbeddedState()
        #expect(postgres.jwtSecret == nil && postgres.demoWorldAnchor == nil)
    }

    @Test("the demo world's record times count from its first start, so a restart changes none")
    func demoAnchor() throws {
        let directory = folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let state = EmbeddedState(sqlitePath: "\(directory)/recordsw.sqlite")
        let first = try state.demoAnchor(now: Date(timeIntervalSince1970: 1_800_000_000))
        let later = try state.demoAnchor(now: Date(timeIntervalSince1970: 1_800_090_000))
        #expect(first == later)

        let url = try #require(FakeTrackmaniaServer.bundledDemoWorldURL)
        let world = try FakeWorld.load(from: url)
        let once = world.anchored(at: first)
        let again = try FakeWorld.load(from: url).anchored(at: later)
        #expect(once.records == again.records)
        #expect(once.records.allSatisfy { $0.timestamp != nil && $0.ageSeconds == nil })
        let relative = try #require(world.records.first { $0.timestamp == nil && $0.ageSeconds != nil })
        let anchored = try #require(
            once.records.first { $0.mapUid == relative.mapUid && $0.accountId == relative.accountId })
        #expect(anchored.timestamp == 1_800_000_000 - (relative.ageSeconds ?? 0))
    }
}
