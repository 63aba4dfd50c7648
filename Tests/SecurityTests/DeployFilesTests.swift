import Foundation
import RecordsApp
import Testing

/// The shipped deployment files say what the binary does.
@Suite("Deployment files")
struct DeployFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// An `EnvironmentFile=` as systemd reads it (systemd.exec(5)): `#`/`;` lines are comments,
    /// surrounding blanks go, the rest of the line after the first `=` is the value, and a value in
    /// matching quotes loses them.
    static func systemdEnvironment(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#"), !line.hasPrefix(";"),
                let equals = line.firstIndex(of: "=")
            else { continue }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[line[..<equals].trimmingCharacters(in: .whitespaces)] = value
        }
        return values
    }

    @Test("recordsw.env.example reads the same through systemd's rules and --env-file, and serves as is")
    func environmentExample() throws {
        let text = try String(
            contentsOf: Self.root.appendingPathComponent("docs/deploy/recordsw.env.example"), encoding: .utf8)
        let systemd = Self.systemdEnvironment(text)
        #expect(systemd.count >= 15)
        #expect(DotEnv.parse(text) == systemd)
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(!line.hasPrefix("export "), "\(line)")
            #expect(!line.contains("=\"") && !line.contains("='"), "no quoted values: \(line)")
            #expect(!line.contains(" #"), "no comment after a value: \(line)")
        }
        var config = try AppConfig(environment: systemd)
        try config.validateForServing()
        try config.adoptEmbeddedState()
        #expect(!config.isEmbedded)
        #expect(config.trackmania.hasCredentials)
        #expect(config.trackmania.userAgent == "recordsw / records.example.com / you@example.com")
        #expect(config.database.location == "the PostgreSQL database recordsw at 127.0.0.1:5432 as recordsw")
    }

    @Test("the units, the env file and the docs agree on one layout")
    func oneLayout() throws {
        let files = [
            "docs/deploy/recordsw.service", "docs/deploy/recordsw-daily.service", "docs/deploy/recordsw-backup.service",
            "docs/deploy.md", "docs/daily-run.md",
        ]
        for file in files {
            let text = try String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                if line.hasPrefix("EnvironmentFile=") { #expect(line == "EnvironmentFile=/etc/recordsw/recordsw.env") }
                if line.hasPrefix("WorkingDirectory=") { #expect(line == "WorkingDirectory=/var/lib/recordsw") }
                if line.hasPrefix("ExecStart=/opt") { #expect(line.hasPrefix("ExecStart=/opt/recordsw/bin/")) }
                #expect(!line.contains(". /etc/recordsw/recordsw.env"), "\(file): never source the env file")
                #expect(!line.contains("source /etc/recordsw"), "\(file): never source the env file")
            }
        }
    }
}
