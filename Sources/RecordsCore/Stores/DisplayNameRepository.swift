import Foundation

/// A cache of Trackmania account id → display name, so only unknown ids reach the OAuth API.
public protocol DisplayNameRepository: Sendable {
    /// The cached names of the given ids that were stored at or after `freshSince`;
    /// ids not cached (or older) are absent from the result.
    func displayNames(accountIds: [String], freshSince: Date) async throws -> [String: String]

    /// Inserts or refreshes the names, stamped with `now`.
    func save(_ names: [String: String], now: Date) async throws
}
