import Crypto
import Foundation

/// What the embedded default keeps beside its SQLite file (`var/` unless `SQLITE_PATH` says
/// otherwise) so that every process on the machine agrees: `serve`, `cron daily` and
/// `preferences-link` sign and check links with one generated secret, and the demo world keeps its
/// record times across restarts.
///
/// Each file is created once, exclusively (`O_EXCL`), readable by its owner only; a process that
/// loses the race to create it reads the winner's.
public struct EmbeddedState: Sendable {
    /// The folder holding the files.
    public let directory: String

    /// - Parameter sqlitePath: `SQLITE_PATH`; the files go in its folder.
    public init(sqlitePath: String) {
        let folder = (sqlitePath as NSString).deletingLastPathComponent
        directory = folder.isEmpty ? "." : folder
    }

    /// The file holding the generated secret.
    public var secretPath: String { "\(directory)/recordsw.secret" }
    /// The file holding the demo world's anchor.
    public var demoAnchorPath: String { "\(directory)/demo-world.anchor" }

    /// The generated `JWT_SECRET` stand-in: 32 random bytes, base64, created on first use.
    /// - Throws: When the folder cannot be created or the file neither created nor read.
    public func secret() throws -> String {
        try value(at: secretPath) {
            SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
        }
    }

    /// The instant the demo world's relative record ages count from: the first start's.
    public func demoAnchor(now: Date) throws -> Date {
        let text = try value(at: demoAnchorPath) { String(Int(now.timeIntervalSince1970)) }
        guard let seconds = Int(text) else {
            throw AppConfig.Invalid(description: "\(demoAnchorPath) is not a Unix time: delete it to start afresh")
        }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private func value(at path: String, create: () -> String) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if descriptor >= 0 {
            let text = create()
            let written = Array((text + "\n").utf8).withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
            guard written == text.utf8.count + 1 else {
                unlink(path)
                throw AppConfig.Invalid(description: "could not write \(path)")
            }
            return text
        }
        guard errno == EEXIST else {
            throw AppConfig.Invalid(description: "could not create \(path): \(String(cString: strerror(errno)))")
        }
        // Another process may be between creating and writing it: wait briefly for the text.
        for _ in 0..<50 {
            let text = (try? String(contentsOfFile: path, encoding: .utf8))?
                .trimmingCharacters(in: .whitespacesAndNewlines)
            if let text, !text.isEmpty { return text }
            usleep(20_000)
        }
        throw AppConfig.Invalid(description: "\(path) is empty: delete it to start afresh")
    }
}
