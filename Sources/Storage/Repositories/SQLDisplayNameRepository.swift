import Foundation
import RecordsCore
import SQLKit

/// `DisplayNameRepository` over `display_names`.
struct SQLDisplayNameRepository: DisplayNameRepository {
    let store: SQLStore

    func displayNames(accountIds: [String], freshSince: Date) async throws -> [String: String] {
        guard !accountIds.isEmpty else { return [:] }
        let rows = try await store.rows(
            """
            SELECT account_id, display_name FROM display_names
            WHERE account_id IN (\(binds: accountIds)) AND updated_at >= \(store.time(freshSince))
            """)
        var names: [String: String] = [:]
        for row in rows {
            names[try row.string("account_id")] = try row.string("display_name")
        }
        return names
    }

    func save(_ names: [String: String], now: Date) async throws {
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
}
