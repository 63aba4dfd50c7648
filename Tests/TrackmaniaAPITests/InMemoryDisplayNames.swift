import Foundation
import RecordsCore

/// The display-name cache for unit tests.
actor InMemoryDisplayNames: DisplayNameRepository {
    private var rows: [String: (name: String, savedAt: Date)] = [:]

    func displayNames(accountIds: [String], freshSince: Date) async throws -> [String: String] {
        var result: [String: String] = [:]
        for id in accountIds {
            if let row = rows[id], row.savedAt >= freshSince { result[id] = row.name }
        }
        return result
    }

    func save(_ names: [String: String], now: Date) async throws {
        for (id, name) in names { rows[id] = (name, now) }
    }

    func cached(_ id: String) -> String? { rows[id]?.name }
}
