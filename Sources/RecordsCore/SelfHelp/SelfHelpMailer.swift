import Foundation
import Logging

/// Sends the queued self-help mails (`self_help_mail`), off the request path: a request only queues
/// its mail, so it answers alike and as fast whether or not the address belongs to an account, and
/// registration never waits for (or fails with) the mail server.
///
/// Each mail is claimed before it is built, so two workers (two instances) never send it twice; one
/// the mail server could not take is tried again with a growing pause until it is too old to be
/// useful (an hour for links asked for on a page, two days for a new account's confirmation).
public struct SelfHelpMailer: Sendable {
    public var repository: any SelfHelpRepository
    public var users: any UserRepository
    public var preferences: any PreferenceRepository
    public var mailer: any MailSender
    public var links: SelfHelpLinks
    public var preferenceLinks: PreferenceLinks
    /// `EMAIL_CONFIRMATION`: a fresh-link request for an address awaiting confirmation gets the
    /// confirmation mail instead.
    public var confirmationRequired: Bool
    public var clock: any WallClock
    public var logger: Logger

    /// How long a claim holds a mail while it is sent.
    static let lease: TimeInterval = 300

    public init(
        repository: any SelfHelpRepository, users: any UserRepository, preferences: any PreferenceRepository,
        mailer: any MailSender, links: SelfHelpLinks, preferenceLinks: PreferenceLinks, confirmationRequired: Bool,
        clock: any WallClock, logger: Logger
    ) {
        self.repository = repository
        self.users = users
        self.preferences = preferences
        self.mailer = mailer
        self.links = links
        self.preferenceLinks = preferenceLinks
        self.confirmationRequired = confirmationRequired
        self.clock = clock
        self.logger = logger
    }

    /// Sends every due mail; returns how many went out.
    @discardableResult
    public func deliverDue() async throws -> Int {
        var sent = 0
        while !Task.isCancelled, let request = try await repository.claimNext(now: clock.now, lease: Self.lease) {
            if try await deliver(request) { sent += 1 }
        }
        return sent
    }

    /// Builds and sends one mail; `false` when none was due (unknown address) or it failed.
    private func deliver(_ request: SelfHelpMailRequest) async throws -> Bool {
        let now = clock.now
        guard let message = try await build(request, now: now) else {
            // Nobody uses the address (or it needs nothing): the request ends without a trace.
            try await repository.finish(id: request.id)
            return false
        }
        do {
            try await mailer.send(message)
            try await repository.finish(id: request.id)
            logger.info("self-help mail sent", metadata: ["kind": .string(request.kind.rawValue)])
            return true
        } catch let error as MailError {
            let giveUpAfter: TimeInterval = request.kind == .confirmation ? 48 * 3600 : 3600
            let pause = min(60 * pow(2, Double(min(request.attempts, 10) - 1)), 1800)
            if case .unavailable = error,
                now.addingTimeInterval(pause).timeIntervalSince(request.createdAt) < giveUpAfter
            {
                try await repository.retry(id: request.id, at: now.addingTimeInterval(pause))
                logger.warning(
                    "self-help mail not delivered; it will be retried",
                    metadata: ["kind": .string(request.kind.rawValue), "failure": .string(error.diagnosticCode)])
            } else {
                try await repository.finish(id: request.id)
                logger.warning(
                    "self-help mail not delivered; given up",
                    metadata: ["kind": .string(request.kind.rawValue), "failure": .string(error.diagnosticCode)])
            }
            return false
        }
    }

    /// The mail a request asks for, or `nil` when there is none to send.
    private func build(_ request: SelfHelpMailRequest, now: Date) async throws -> MailMessage? {
        let userId: Int?
        if let id = request.userId { userId = id } else { userId = try await repository.userId(email: request.email) }
        guard let userId, let user = try await users.user(id: userId) else { return nil }
        switch request.kind {
        case .confirmation:
            // Confirmed meanwhile (or by a reset): nothing to ask any more.
            guard try await !repository.isConfirmed(userId: user.id) else { return nil }
            return confirmation(user, now: now)
        case .link:
            if confirmationRequired, try await !repository.isConfirmed(userId: user.id) {
                return confirmation(user, now: now)
            }
            let generation = try await preferences.preferences(userId: user.id).linkGeneration
            let token = preferenceLinks.token(userId: user.id, generation: generation, now: now)
            return SelfHelpMessages.preferenceLink(
                to: user.email, url: preferenceLinks.pageURL(token: token),
                validDays: Int(preferenceLinks.lifetime / 86_400))
        case .passwordReset:
            let reset = links.resetToken(userId: user.id, now: now)
            try await repository.storeReset(
                nonceHash: reset.nonceHash, userId: user.id, now: now, expiresAt: reset.expiresAt)
            return SelfHelpMessages.passwordReset(
                to: user.email, url: links.resetURL(token: reset.token), validMinutes: Int(links.resetLifetime / 60))
        }
    }

    private func confirmation(_ user: User, now: Date) -> MailMessage {
        let token = links.confirmationToken(userId: user.id, email: user.email, now: now)
        return SelfHelpMessages.confirmation(
            to: user.email, url: links.confirmationURL(token: token),
            validDays: Int(links.confirmationLifetime / 86_400))
    }
}

/// Queues a self-help mail and wakes the worker; what the request handlers hold.
public struct SelfHelpOutbox: Sendable {
    public var mailer: SelfHelpMailer
    /// Where the worker runs (tracked, so shutdown and the fixture host wait for it).
    public var background: BackgroundWork

    public init(mailer: SelfHelpMailer, background: BackgroundWork) {
        self.mailer = mailer
        self.background = background
    }

    /// Queues `kind` for `email` (the same work whether or not an account uses it) and wakes the worker.
    public func request(_ kind: SelfHelpMailKind, email: String, now: Date) async throws {
        try await mailer.repository.enqueue(kind, email: email, userId: nil, now: now)
        await wake()
    }

    /// Starts a pass of the worker in the background.
    public func wake() async {
        let mailer = self.mailer
        await background.launch("self-help mail") { _ = try await mailer.deliverDue() }
    }
}
