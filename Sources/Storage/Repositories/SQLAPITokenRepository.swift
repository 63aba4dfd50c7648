import Foundation
import RecordsCore
import SQLKit

/// `APITokenRepository` over `api_tokens` (`created_at` in epoch milliseconds, as the original).
struct SQLAPITokenRepository: APITokenRepository {
    let store: SQLStore

    func token(provider: String, tokenType: String) async throws -> StoredAPIToken? {
        guard
            let row = try await store.first(
                """
                SELECT token, created_at FROM api_tokens
                WHERE provider = \(bind: provider) AND token_type = \(bind: tokenType)
                """)
        else { return nil }
        return StoredAPIToken(
            provider: provider,
            tokenType: tokenType,
            token: try row.string("token"),
            createdAt: Date(timeIntervalSince1970: Double(try row.int64("created_at")) / 1000)
        )
    }

    func save(_ token: StoredAPIToken) async throws {
        try await store.run(
            """
            INSERT INTO api_tokens (provider, token_type, token, created_at)
            VALUES (\(bind: token.provider), \(bind: token.tokenType), \(bind: token.token),
                    \(bind: Timestamps.epochMilliseconds(token.createdAt)))
            ON CONFLICT (provider, token_type) DO UPDATE SET token = excluded.token, created_at = excluded.created_at
            """)
    }

    func delete(provider: String, tokenType: String) async throws {
        try await store.run(
            "DELETE FROM api_tokens WHERE provider = \(bind: provider) AND token_type = \(bind: tokenType)")
    }
}
