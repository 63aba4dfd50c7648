import Foundation
import Logging
import RecordsCore
import Storage
import Testing

/// `recordsw digest preview` as an operator runs it: the built binary over an embedded SQLite file
/// that holds a user with pending items. It shows the next digest, writes the HTML part when asked,
/// refuses an unknown user with exit 64, and changes nothing.
@Suite("recordsw digest preview")
struct DigestPreviewCommandTests {
    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs the binary built beside this test bundle in `folder` with `SQLITE_PATH` set.
    func run(_ arguments: [String], in folder: URL) async throws -> Outcome {
        let binary = Bundle.main.bundleURL.appendingPathComponent("recordsw")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build the recordsw product first (swift build --build-tests)")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = [
            "PATH": "/usr/bin:/bin", "LOG_LEVEL": "critical",
            "SQLITE_PATH": folder.appendingPathComponent("db.sqlite").path,
            "PUBLIC_BASE_URL": "https://records.example.com",
        ]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        // Awaited on a dispatch thread, never on a cooperative one (see CommandLineTests).
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let outputData = output.fileHandleForReading.readDataToEndOfFile()
                let errorData = errors.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(
                    returning: Outcome(
                        status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
                        errors: String(decoding: errorData, as: UTF8.self)))
            }
        }
    }

    /// A migrated store with `ann` and one pending record on her map.
    func seed(_ folder: URL) async throws -> Int {
        var logger = Logger(label: "digest-preview-test")
        logger.logLevel = .critical
        let database = try await Database.sqlite(path: folder.appendingPathComponent("db.sqlite").path, logger: logger)
        do {
            _ = try await database.migrate(logger: logger)
            let repos = database.repositories
            let outcome = try await repos.users.register(
                NewUser(username: "ann", email: "ann@example.com", passwordHash: "hash"), maxUsers: 10, now: Date())
            guard case .created(let ann) = outcome else { throw CancellationError() }
            let payload = MapperRecordPayload(
                mapUid: "MAP1", mapName: "$f00Red$z Rally", accountId: "acc-1", zoneName: "France", position: 1,
                score: -1, timestamp: 1_700_000_000, improved: false, exchangeId: 77)
            let json = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
            _ = try await repos.dailyDigests.enqueue(
                [
                    NewDigestItem(
                        userId: ann.id, section: .mapper, dedupeKey: "record:MAP1:acc-1:1", mapUid: "MAP1",
                        payload: json)
                ],
                now: Date())
            try await database.shutdown()
            return ann.id
        } catch {
            try? await database.shutdown()
            throw error
        }
    }

    func pending(_ folder: URL, userId: Int) async throws -> Int {
        var logger = Logger(label: "digest-preview-test")
        logger.logLevel = .critical
        let database = try await Database.sqlite(path: folder.appendingPathComponent("db.sqlite").path, logger: logger)
        let count = try await database.repositories.dailyDigests.pendingItems(userId: userId).count
        try await database.shutdown()
        return count
    }

    @Test func showsTheNextDigestWritesItsHTMLAndChangesNothing() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "recordsw-preview-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let userId = try await seed(folder)

        let shown = try await run(["digest", "preview", "--user", "ann"], in: folder)
        #expect(shown.status == 0, "\(shown.errors)")
        #expect(shown.output.hasPrefix("To: ann@example.com\nSubject: 1 new record on Red Rally\n"))
        #expect(shown.output.contains("\nHello ann,\n"))
        #expect(shown.output.contains("  🥇 #1 acc-1 · secret · France · "))
        #expect(shown.output.contains("  Trackmania Exchange: https://trackmania.exchange/mapshow/77\n"))
        #expect(shown.output.contains("List-Unsubscribe: <https://records.example.com/"))

        let html = folder.appendingPathComponent("digest.html")
        let written = try await run(
            ["digest", "preview", "--user", "ann@example.com", "--html", html.path], in: folder)
        #expect(written.status == 0, "\(written.errors)")
        #expect(!written.output.contains("Hello ann"))
        let page = try String(contentsOf: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("Red</span> Rally"))
        let both = try await run(
            ["digest", "preview", "--user", "ann", "--html", html.path, "--text"], in: folder)
        #expect(both.status == 0 && both.output.contains("Hello ann,"))

        // Nothing was settled, written or sent: the item is still pending.
        #expect(try await pending(folder, userId: userId) == 1)
    }

    @Test func aStoreNeverMigratedIsExit1SayingWhatToRun() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "recordsw-preview-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try await run(["digest", "preview", "--user", "ann"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.errors.hasPrefix("recordsw: could not read the store (has `recordsw migrate` run?)"))
        #expect(outcome.output.isEmpty)
    }

    @Test func anUnknownUserIsExit64WithAClearMessage() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "recordsw-preview-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await seed(folder)
        let outcome = try await run(["digest", "preview", "--user", "nobody"], in: folder)
        #expect(outcome.status == 64)
        #expect(outcome.errors.contains("no user with that email or username"))
        #expect(outcome.output.isEmpty)
    }
}
