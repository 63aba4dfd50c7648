import Foundation

/// A cache of Trackmania account id → display name, so only unknown ids reach the OAuth API.
///
/// It also remembers ids the OAuth API answered without a name (no such account), so asking for them
/// again within the cache lifetime costs no call either; those never appear among the names.
public protocol DisplayNameRepository: Sendable {
    /// The cached names of the given ids that were stored at or after `freshSince`;
    /// ids not cached (or older), and ids remembered as unknown, are absent from the result.
    func displayNames(accountIds: [String], freshSince: Date) async throws -> [String: String]

    /// Inserts or refreshes the names, stamped with `now`.
    func save(_ names: [String: String], now: Date) async throws

    /// Those of the given ids remembered as unknown (``saveUnknown(_:now:)``) at or after `freshSince`.
    func unknownIds(accountIds: [String], freshSince: Date) async throws -> Set<String>

    /// Remembers ids the OAuth API answered without a name, stamped with `now`. An id with a cached
    /// name keeps it.
    func saveUnknown(_ accountIds: [String], now: Date) async throws
}

extension DisplayNameRepository {
    /// No ids are remembered as unknown (caches that only hold names).
    public func unknownIds(accountIds: [String], freshSince: Date) async throws -> Set<String> { [] }

    /// Remembers nothing (caches that only hold names).
    public func saveUnknown(_ accountIds: [String], now: Date) async throws {}
}
