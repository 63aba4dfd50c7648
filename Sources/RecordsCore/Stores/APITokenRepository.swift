import Foundation

/// Upstream API tokens in `api_tokens`, shared by restarts and instances.
public protocol APITokenRepository: Sendable {
    /// The stored token of `provider` and `tokenType`, or `nil`.
    func token(provider: String, tokenType: String) async throws -> StoredAPIToken?

    /// Inserts or replaces the token under its `(provider, tokenType)` key.
    func save(_ token: StoredAPIToken) async throws

    /// Removes a token (e.g. a refresh token the upstream refused).
    func delete(provider: String, tokenType: String) async throws
}
