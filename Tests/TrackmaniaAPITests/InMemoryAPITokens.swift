import Foundation
import RecordsCore

/// `api_tokens` for unit tests (the SQL implementation has its own conformance suite).
actor InMemoryAPITokens: APITokenRepository {
    private var rows: [String: StoredAPIToken] = [:]
    private(set) var saves = 0

    func token(provider: String, tokenType: String) async throws -> StoredAPIToken? {
        rows["\(provider)/\(tokenType)"]
    }

    func save(_ token: StoredAPIToken) async throws {
        saves += 1
        rows["\(token.provider)/\(token.tokenType)"] = token
    }

    func delete(provider: String, tokenType: String) async throws {
        rows["\(provider)/\(tokenType)"] = nil
    }
}
