import Foundation

/// A Trackmania Exchange user (`/api/users` result).
public struct ExchangeUser: Sendable, Equatable, Codable {
    /// Keys as TMX sends them; R2 returns these objects verbatim.
    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case userId = "UserId"
    }

    public var name: String
    public var userId: Int

    public init(name: String, userId: Int) {
        self.name = name
        self.userId = userId
    }
}

/// One page of a TMX user search.
public struct ExchangeUserPage: Sendable, Equatable {
    public var users: [ExchangeUser]
    /// TMX's `More`: further results exist beyond this page.
    public var more: Bool

    public init(users: [ExchangeUser], more: Bool) {
        self.users = users
        self.more = more
    }
}

/// Identity look-ups against Trackmania services: who an account is, and which TMX users exist.
///
/// Implementations talk to the real services (or the fake one) and cache display names.
public protocol TrackmaniaDirectory: Sendable {
    /// Searches TMX users by name (`/api/users?name=…&fields=Name,UserId`).
    func searchExchangeUsers(name: String) async throws -> ExchangeUserPage

    /// Display names for account ids; ids the service does not know are absent.
    /// Batches of at most 50 per upstream call; cached names are not asked for again.
    func displayNames(accountIds: [String]) async throws -> [String: String]

    /// Account ids for display names, keyed by the display name as the service returned it.
    func accountIds(displayNames: [String]) async throws -> [String: String]
}

/// Why a call to a Trackmania service failed.
public enum TrackmaniaError: Error, Sendable, Equatable {
    /// The service answered with an unexpected HTTP status after retries.
    case httpStatus(Int)
    /// The service answered 404.
    case notFound
    /// No answer in time after retries.
    case timeout
    /// The answer could not be decoded; the associated text says what was expected.
    case malformedResponse(String)
    /// Still rate-limited (429) after honouring `Retry-After` within the retry budget.
    case rateLimited
    /// Credentials were refused even after a fresh login.
    case unauthorized
    /// The connection failed (refused, reset, DNS).
    case connectionFailed(String)
    /// Credentials for this service are not configured.
    case notConfigured(String)
}

extension TrackmaniaError: DiagnosticCodeProviding {
    /// The case and status, never the associated text (it may quote an upstream answer).
    public var diagnosticCode: String {
        switch self {
        case .httpStatus(let status): "http-\(status)"
        case .notFound: "not-found"
        case .timeout: "timeout"
        case .malformedResponse: "malformed-response"
        case .rateLimited: "rate-limited"
        case .unauthorized: "unauthorized"
        case .connectionFailed: "connection-failed"
        case .notConfigured: "not-configured"
        }
    }
}
