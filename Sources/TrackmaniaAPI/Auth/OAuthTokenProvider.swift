import Foundation
import Logging
import NIOHTTP1
import RecordsCore

/// api.trackmania.com client-credentials tokens: renewed from `expires_in` (or the JWT's `exp` when
/// read back from `api_tokens`, provider `oauth2`); the grant has no refresh token, so renewal is a new grant.
actor OAuthTokenProvider: TokenSource {
    static let provider = "oauth2"
    /// The documented lifetime, used when a stored token carries no readable `exp`.
    static let documentedLifetime: TimeInterval = 3600

    private let http: TrackmaniaHTTP
    private let tokenURL: String
    private let clientId: String?
    private let clientSecret: String?
    private let repository: any APITokenRepository
    private let margin: TimeInterval
    /// Judges expiry (the process's wall clock; tests move one by hand).
    private let clock: any WallClock
    private let logger: Logger

    private var access: (token: String, expiresAt: Date)?
    private var refused: String?
    private var renewal: Task<String, any Error>?

    init(
        http: TrackmaniaHTTP, tokenURL: String, clientId: String?, clientSecret: String?,
        repository: any APITokenRepository, margin: Duration, clock: any WallClock, logger: Logger
    ) {
        self.http = http
        self.tokenURL = tokenURL
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.repository = repository
        self.margin = margin.timeInterval
        self.clock = clock
        self.logger = logger
    }

    func authorizationHeader() async throws -> String {
        "Bearer " + (try await accessToken())
    }

    func rejected(authorization: String) async {
        let token = String(authorization.dropFirst("Bearer ".count))
        refused = token
        if access?.token == token { access = nil }
    }

    func accessToken() async throws -> String {
        if let renewal { return try await renewal.value }
        if let access, isFresh(access) { return access.token }
        await loadStored()
        if let access, isFresh(access) { return access.token }
        if let renewal { return try await renewal.value }
        let task = Task { try await self.grant() }
        renewal = task
        defer { renewal = nil }
        return try await task.value
    }

    private func isFresh(_ access: (token: String, expiresAt: Date)) -> Bool {
        access.token != refused && clock.now < access.expiresAt.addingTimeInterval(-margin)
    }

    private func loadStored() async {
        do {
            guard let stored = try await repository.token(provider: Self.provider, tokenType: "access"),
                stored.token != refused
            else { return }
            let expiresAt =
                JWTClaims(token: stored.token)?.expiresAt
                ?? stored.createdAt.addingTimeInterval(Self.documentedLifetime)
            access = (stored.token, expiresAt)
        } catch {
            logger.warning(
                "Could not read the stored OAuth token",
                metadata: [
                    "error-type": .string(ErrorDiagnostics.type(of: error)),
                    "error-code": .string(ErrorDiagnostics.code(of: error)),
                ])
        }
    }

    private struct Grant: Decodable {
        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case expiresIn = "expires_in"
        }
        var accessToken: String
        var expiresIn: Double?
    }

    private func grant() async throws -> String {
        guard let clientId else { throw TrackmaniaError.notConfigured("OCLIENT_ID") }
        guard let clientSecret else { throw TrackmaniaError.notConfigured("OCLIENT_SECRET") }
        let form = [("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", clientSecret)]
            .map { "\($0.0)=\(QueryEncoding.escape($0.1))" }.joined(separator: "&")
        let response = try await http.send(
            OutboundRequest(
                endpoint: "oauth.token", method: .POST, url: tokenURL,
                headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array(form.utf8)))
        guard let grant = try? JSONDecoder().decode(Grant.self, from: Data(response.body)), !grant.accessToken.isEmpty
        else {
            throw TrackmaniaError.malformedResponse("oauth.token: expected {access_token, expires_in}")
        }
        let now = clock.now
        let expiresAt = now.addingTimeInterval(grant.expiresIn ?? Self.documentedLifetime)
        access = (grant.accessToken, expiresAt)
        refused = nil
        do {
            try await repository.save(
                StoredAPIToken(provider: Self.provider, tokenType: "access", token: grant.accessToken, createdAt: now))
        } catch {
            logger.warning(
                "Could not store the OAuth token",
                metadata: [
                    "error-type": .string(ErrorDiagnostics.type(of: error)),
                    "error-code": .string(ErrorDiagnostics.code(of: error)),
                ])
        }
        logger.info("Obtained Trackmania OAuth token", metadata: ["expiresIn": "\(grant.expiresIn ?? 0)"])
        return grant.accessToken
    }
}
