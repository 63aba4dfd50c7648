import Foundation

/// Reads and writes `users`.
public protocol UserRepository: Sendable {
    /// The user with this id, or `nil`.
    func user(id: Int) async throws -> User?

    /// The user who logs in with `identifier`: an email (compared case-insensitively) or an exact
    /// username. When both an email and a username match, the email match wins; ties go to the
    /// lowest id so the answer is deterministic.
    func user(loginIdentifier identifier: String) async throws -> User?

    /// Inserts a user unless the registration cap is reached or the username/email is taken,
    /// all in one transaction so concurrent registrations cannot pass the cap or duplicate a name.
    /// - Parameters:
    ///   - user: The values to insert (email already lower-cased).
    ///   - maxUsers: The cap; the insert happens only while the row count is below it.
    ///   - now: The `created_at` value.
    func register(_ user: NewUser, maxUsers: Int, now: Date) async throws -> RegistrationOutcome

    /// Creates an admin, or promotes and resets the password of the user with that email or
    /// username. Used by `recordsw create-admin`.
    func upsertAdmin(_ user: NewUser, now: Date) async throws -> User

    /// Stores the verified Trackmania identity. Returns `false` when the user does not exist.
    func setTrackmaniaIdentity(userId: Int, tmUsername: String, accountId: String) async throws -> Bool

    /// The number of rows in `users`.
    func count() async throws -> Int
}
