import Foundation
import Logging
import RecordsCore

/// Writes each message as an `.eml` file instead of sending it: the demo set-up and a safe
/// default when no SMTP server is configured.
///
/// Files are named `<UTC timestamp>-<id>.eml`, written to a hidden temporary name and renamed
/// into place (a reader never sees half a message), readable by the owner only (0600, in a 0700
/// directory): digests hold addresses and names.
public struct OutboxMailer: MailSender {
    /// The outbox directory.
    public let directory: String
    private let composer: MIMEComposer
    private let logger: Logger

    public init(directory: String, from: MailAddress, logger: Logger) {
        self.directory = directory
        composer = MIMEComposer(from: from)
        self.logger = logger
    }

    public func send(_ message: MailMessage) async throws {
        let id = MIMEComposer.randomID()
        let now = Date()
        let composed = try composer.compose(message, date: now, uniqueID: id)
        let directory = directory
        let name = "\(Self.timestamp(now))-\(id).eml"
        try await DedicatedThread.run(name: "recordsw-outbox") {
            try Self.write(composed.data, directory: directory, name: name)
        }
        logger.debug("mail written to the outbox", metadata: ["mail.file": .string(name)])
    }

    /// `20261129T190447Z`: sorts by time.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return
            "\(pad(p.year, 4))\(pad(p.month, 2))\(pad(p.day, 2))T\(pad(p.hour, 2))\(pad(p.minute, 2))\(pad(p.second, 2))Z"
    }

    static func write(_ data: [UInt8], directory: String, name: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw MailError.unavailable("the outbox directory could not be created")
        }
        let temporary = "\(directory)/.\(name).tmp"
        let final = "\(directory)/\(name)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("opened", errno) }
        var written = 0
        let ok = data.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += n
            }
            return fsync(fd) == 0
        }
        let writeError = errno
        close(fd)
        guard ok else {
            unlink(temporary)
            throw failure("written", writeError)
        }
        guard rename(temporary, final) == 0 else {
            let renameError = errno
            unlink(temporary)
            throw failure("renamed", renameError)
        }
    }

    private static func failure(_ step: String, _ code: Int32) -> MailError {
        .unavailable("an outbox file could not be \(step) (\(String(cString: strerror(code))))")
    }
}
