import Foundation

/// What a self-help mail is for.
public enum SelfHelpMailKind: String, Sendable, CaseIterable {
    /// A fresh preference link (or, for an address still awaiting confirmation, the confirmation mail).
    case link
    /// A password-reset link.
    case passwordReset = "password_reset"
    /// The confirmation mail of a new account.
    case confirmation
}

/// One queued self-help mail, claimed by the worker that sends it.
public struct SelfHelpMailRequest: Sendable, Equatable {
    public var id: Int
    public var kind: SelfHelpMailKind
    /// The address as asked (lower-cased); the account is looked up when the mail is built.
    public var email: String
    /// The account, when the request came from registration.
    public var userId: Int?
    public var createdAt: Date
    /// Attempts so far, this one included.
    public var attempts: Int

    public init(id: Int, kind: SelfHelpMailKind, email: String, userId: Int?, createdAt: Date, attempts: Int) {
        self.id = id
        self.kind = kind
        self.email = email
        self.userId = userId
        self.createdAt = createdAt
        self.attempts = attempts
    }
}

/// Address confirmation, password-reset nonces and the self-help mail queue (migration 0030).
public protocol SelfHelpRepository: Sendable {
    // MARK: Mail queue

    /// Queues a mail; the same statement whether or not `email` belongs to an account.
    func enqueue(_ kind: SelfHelpMailKind, email: String, userId: Int?, now: Date) async throws

    /// Claims the oldest due mail for `lease` (another worker skips it meanwhile) and counts the attempt.
    func claimNext(now: Date, lease: TimeInterval) async throws -> SelfHelpMailRequest?

    /// Removes a mail that was sent or given up.
    func finish(id: Int) async throws

    /// Releases a claimed mail to be tried again at `at`.
    func retry(id: Int, at: Date) async throws

    // MARK: Accounts

    /// The id of the account whose address is `email` (compared case-insensitively), or `nil`.
    func userId(email: String) async throws -> Int?

    /// Marks a new account's address as awaiting confirmation and queues its confirmation mail, in
    /// one transaction.
    func requireConfirmation(userId: Int, email: String, now: Date) async throws

    /// Whether the account's address is confirmed: an account without a row counts as confirmed
    /// (accounts of an original database, and those created while confirmation was off).
    func isConfirmed(userId: Int) async throws -> Bool

    /// Of `userIds`, those whose address awaits confirmation.
    func awaitingConfirmation(among userIds: [Int]) async throws -> Set<Int>

    /// Confirms the address; returns `false` when it was already confirmed (or needed no confirmation).
    func confirm(userId: Int, now: Date) async throws -> Bool

    // MARK: Password resets

    /// Stores the hash of a reset link's nonce.
    func storeReset(nonceHash: String, userId: Int, now: Date, expiresAt: Date) async throws

    /// Whether the nonce is stored for `userId`, unused and unexpired (the page shows its form).
    func resetIsOpen(nonceHash: String, userId: Int, now: Date) async throws -> Bool

    /// In one transaction: uses the nonce (only if stored for `userId`, unused and unexpired), sets the
    /// password hash, ends every session of the account, closes its other reset links and confirms
    /// its address (the link reached it). Returns `false`, changing nothing, when the nonce cannot be used.
    func resetPassword(nonceHash: String, userId: Int, passwordHash: String, now: Date) async throws -> Bool

    /// Deletes spent and expired reset nonces (housekeeping).
    func pruneResets(before: Date) async throws
}
