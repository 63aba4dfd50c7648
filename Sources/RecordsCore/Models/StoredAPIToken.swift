import Foundation

/// A row of `api_tokens`: one upstream token of one provider.
public struct StoredAPIToken: Sendable, Equatable {
    /// `auth` (Nadeo Live) or `oauth2` (api.trackmania.com), as the original.
    public var provider: String
    /// `access` or `refresh`.
    public var tokenType: String
    public var token: String
    /// When it was stored (the original's `created_at` epoch milliseconds).
    public var createdAt: Date

    public init(provider: String, tokenType: String, token: String, createdAt: Date) {
        self.provider = provider
        self.tokenType = tokenType
        self.token = token
        self.createdAt = createdAt
    }
}
