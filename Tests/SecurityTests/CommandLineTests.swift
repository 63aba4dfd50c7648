import Foundation
import RecordsApp
import Testing

/// The built `recordsw` binary as an operator meets it: its version, and one line with a
/// `sysexits.h` code (never the usage text) for a bad setting or an unreachable database.
@Suite("recordsw command line")
struct CommandLineTests {
    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs the binary built beside this test bundle, in an empty folder with only `environment`.
    /// The process is awaited on a dispatch thread, never on the test's own: a blocked cooperative
    /// thread (two on this machine) would stall every other suite running meanwhile.
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Outcome {
        let binary = Bundle.main.bundleURL.appendingPathComponent("recordsw")
        try #require(
            FileManager.default.isExecutableFile(atPath: binary.path),
            "build the recordsw product first (swift build --build-tests)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = environment.merging(["PATH": "/usr/bin:/bin", "LOG_LEVEL": "critical"]) { own, _ in own }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
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

    @Test("--version prints the version baked in at build time")
    func version() async throws {
        let outcome = try await run(["--version"])
        #expect(outcome.status == 0)
        #expect(outcome.output.trimmingCharacters(in: .whitespacesAndNewlines) == BuildInfo.version)
        #expect(!BuildInfo.version.isEmpty && BuildInfo.version != "1.0.0")
    }

    @Test(
        "a bad setting is one line and exit 78, without the usage text",
        arguments: [
            (["serve"], ["PORT": "abc"], "PORT"),
            (["migrate"], ["PG_PREPARED_STATEMENTS": "maybe"], "PG_PREPARED_STATEMENTS"),
            (["serve"], ["DATABASE_URL": "postgres://u:p@127.0.0.1:1/db"], "JWT_SECRET"),
            (["cron", "daily"], ["LOG_LEVEL": "loud"], "LOG_LEVEL"),
            (["serve"], ["FRONTEND_DIR": "/nonexistent/recordsw-frontend"], "FRONTEND_DIR"),
        ])
    func badSetting(arguments: [String], environment: [String: String], setting: String) async throws {
        var environment = environment
        if environment["FRONTEND_DIR"] != nil { environment["PORT"] = "0" }
        let outcome = try await run(arguments, environment: environment)
        #expect(outcome.status == 78, "\(outcome.errors)")
        let lines = outcome.errors.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.errors)")
        #expect(lines.first?.hasPrefix("recordsw: configuration: ") == true)
        #expect(outcome.errors.contains(setting))
        #expect(!outcome.errors.contains("Usage"))
    }

    @Test("an unreachable PostgreSQL is one line naming host, port and database, never the password; exit 69")
    func unreachableDatabase() async throws {
        let environment = [
            "DATABASE_URL": "postgresql://watcher:hunter2-secret@127.0.0.1:1/records",
            "JWT_SECRET": String(repeating: "k", count: 40), "LOG_LEVEL": "critical",
        ]
        for arguments in [["migrate"], ["serve"]] {
            var environment = environment
            environment["PORT"] = "0"
            let outcome = try await run(arguments, environment: environment)
            #expect(outcome.status == 69, "\(arguments): \(outcome.errors)")
            #expect(outcome.errors.contains("records at 127.0.0.1:1 as watcher"), "\(outcome.errors)")
            #expect(!outcome.errors.contains("hunter2"))
            #expect(!outcome.errors.contains("Usage"))
        }
    }
}
