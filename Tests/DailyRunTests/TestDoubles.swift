import Foundation
import RecordsCore

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
