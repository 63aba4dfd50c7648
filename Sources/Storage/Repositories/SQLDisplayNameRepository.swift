import Foundation
import RecordsCore
import SQLKit

/// `DisplayNameRepository` over `display_names`. An id the OAuth API does not know is stored with an
/// empty `display_name` (no Trackmania name is empty), so no schema change was needed to remember it.
struct SQLDisplayNameRepository: DisplayNameRepository {
    let store: SQLStore

    func displayNames(accountIds: [String], freshSince: Date) async throws -> [String: String] {
        guard !accountIds.isEmpty else { return [:] }
        let rows = try await store.rows(
            """
            SELECT account_id, display_name FROM display_names
            WHERE account_id IN (\(binds: accountIds)) AND updated_at >= \(store.time(freshSince))
                AND display_name <> ''
            """)
        var names: [String: String] = [:]
        for row in rows {
            names[try row.string("account_id")] = try row.string("display_name")
        }
        return names
    }

    func save(_ names: [String: String], now: Date) async throws {
        // An empty name would read as "unknown"; the OAuth API never answers one.
        let names = names.filter { !$0.value.isEmpty }
        guard !names.isEmpty else { return }
        try await store.transaction { tx in
            for (accountId, name) in names.sorted(by: { $0.key < $1.key }) {
                try await tx.run(
                    """
                    INSERT INTO display_names (account_id, display_name, updated_at)
                    VALUES (\(bind: accountId), \(bind: name), \(tx.time(now)))
                    ON CONFLICT (account_id) DO UPDATE SET
                        display_name = excluded.display_name, updated_at = excluded.updated_at
                    """)
            }
        }
    }

    func unknownIds(accountIds: [String], freshSince: Date) async throws -> Set<String> {
        guard !accountIds.isEmpty else { return [] }
        let rows = try await store.rows(
            """
            SELECT account_id FROM display_names
            WHERE account_id IN (\(binds: accountIds)) AND updated_at >= \(store.time(freshSince))
                AND display_name = ''
            """)
        return Set(try rows.map { try $0.string("account_id") })
    }

    func saveUnknown(_ accountIds: [String], now: Date) async throws {
        guard !accountIds.isEmpty else { return }
        try await store.transaction { tx in
            for accountId in Set(accountIds).sorted() {
                // A known name is kept: one answer without it is no reason to forget it.
                try await tx.run(
                    """
                    INSERT INTO display_names (account_id, display_name, updated_at)
                    VALUES (\(bind: accountId), '', \(tx.time(now)))
                    ON CONFLICT (account_id) DO UPDATE SET updated_at = excluded.updated_at
                    WHERE display_names.display_name = ''
                    """)
            }
        }
    }
}
