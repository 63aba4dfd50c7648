import Foundation
import RecordsCore
import Synchronization

/// A mailer that records what it was asked to send and can be told to fail as a mail server that is down.
actor RecordingMailer: MailSender {
    private(set) var sent: [MailMessage] = []
    private(set) var attempts = 0
    var failing = false

    func send(_ message: MailMessage) async throws {
        attempts += 1
        if failing { throw MailError.unavailable("test mail server down") }
        sent.append(message)
    }

    func setFailing(_ value: Bool) { failing = value }

    /// The messages sent so far, then forgets them.
    func drain() -> [MailMessage] {
        defer { sent = [] }
        return sent
    }
}

/// A clock tests move by hand (days pass between runs without waiting).
final class ManualClock: WallClock, Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date()) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func advance(seconds: Double) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    func advance(days: Double) {
        current.withLock { $0 = $0.addingTimeInterval(days * 86_400) }
    }

    /// Unix seconds now.
    var seconds: Int { Int(now.timeIntervalSince1970) }
}

/// A one-shot gate a checkpoint can wait on.
actor Gate {
    private var open = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func wait() async {
        if open { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        open = true
        for waiter in waiters { waiter.resume() }
        waiters = []
    }
}

/// The error a checkpoint throws to simulate a crash.
struct SimulatedCrash: Error {}
