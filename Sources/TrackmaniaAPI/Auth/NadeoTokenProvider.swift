import Foundation
import Logging
import NIOHTTP1
import RecordsCore

/// Nadeo Live tokens (audience `NadeoLiveServices`): kept in memory, shared through `api_tokens`
/// (provider `auth`), renewed from the JWT's `rat`/`exp` rather than a fixed age.
///
/// Renewal refreshes with the refresh token while it is valid and falls back to a full Basic login when
/// it has expired or is refused. Concurrent callers share one renewal task.
actor NadeoTokenProvider: TokenSource {
    static let provider = "auth"

    private let http: TrackmaniaHTTP
    private let loginURL: String
    private let refreshURL: String
    private let basicAuthorization: String?
    private let repository: any APITokenRepository
    private let margin: TimeInterval
    /// Judges `exp` and `rat` (the process's wall clock; tests move one by hand).
    private let clock: any WallClock
    private let logger: Logger

    private var access: String?
    private var refresh: String?
    /// A token the upstream answered 401 to; never reused even if another instance still stores it.
    private var refused: String?
    private var renewal: Task<String, any Error>?
    /// After a failed early refresh, keep using the still-valid token for a while instead of
    /// retrying the refresh on every call while Nadeo Core is down.
    private var earlyRefreshNotBefore: Date?

    init(
        http: TrackmaniaHTTP, loginURL: String, refreshURL: String, basicAuthorization: String?,
        repository: any APITokenRepository, margin: Duration, clock: any WallClock, logger: Logger
    ) {
        self.http = http
        self.loginURL = loginURL
        self.refreshURL = refreshURL
        self.basicAuthorization = basicAuthorization
        self.repository = repository
        self.margin = margin.timeInterval
        self.clock = clock
        self.logger = logger
    }

    func authorizationHeader() async throws -> String {
        "nadeo_v1 t=" + (try await accessToken())
    }

    func rejected(authorization: String) async {
        let token = String(authorization.dropFirst("nadeo_v1 t=".count))
        refused = token
        if access == token { access = nil }
    }

    /// A usable access token, renewing first when due.
    func accessToken() async throws -> String {
        if let renewal { return try await renewal.value }
        if let access, isFresh(access) { return access }
        // Another instance (or an earlier run) may have renewed already.
        await loadStored()
        if let access, isFresh(access) { return access }
        if let renewal { return try await renewal.value }
        let task = Task { try await self.renew() }
        renewal = task
        defer { renewal = nil }
        return try await task.value
    }

    /// Fresh = not refused, not within the margin of `exp`, and not yet due for refresh (`rat`).
    private func isFresh(_ token: String) -> Bool {
        guard token != refused else { return false }
        guard let claims = JWTClaims(token: token), let expiresAt = claims.expiresAt else { return false }
        let now = clock.now
        if now >= expiresAt.addingTimeInterval(-margin) { return false }
        if let refreshAllowedAt = claims.refreshAllowedAt, now >= refreshAllowedAt,
            earlyRefreshNotBefore.map({ now >= $0 }) ?? true,
            refresh.map({ isUsableRefresh($0) }) == true
        {
            return false
        }
        return true
    }

    private func isUsableRefresh(_ token: String) -> Bool {
        guard let expiresAt = JWTClaims(token: token)?.expiresAt else { return true }
        return clock.now < expiresAt.addingTimeInterval(-margin)
    }

    private func loadStored() async {
        do {
            if let stored = try await repository.token(provider: Self.provider, tokenType: "access"),
                stored.token != refused
            {
                access = stored.token
            }
            if let stored = try await repository.token(provider: Self.provider, tokenType: "refresh") {
                refresh = stored.token
            }
        } catch {
            logger.warning(
                "Could not read stored Nadeo tokens",
                metadata: [
                    "error-type": .string(ErrorDiagnostics.type(of: error)),
                    "error-code": .string(ErrorDiagnostics.code(of: error)),
                ])
        }
    }

    private func renew() async throws -> String {
        if let refresh, isUsableRefresh(refresh) {
            do {
                return try await exchange(
                    url: refreshURL, authorization: "nadeo_v1 t=\(refresh)", endpoint: "core.refresh", body: "{}")
            } catch TrackmaniaError.unauthorized {
                logger.info("Nadeo refresh token refused; logging in again")
                self.refresh = nil
                try? await repository.delete(provider: Self.provider, tokenType: "refresh")
            } catch {
                // The refresh endpoint is down but the current token may still work until `exp`.
                if let access, access != refused, let exp = JWTClaims(token: access)?.expiresAt,
                    clock.now < exp.addingTimeInterval(-margin)
                {
                    logger.warning(
                        "Nadeo refresh failed; keeping the current token",
                        metadata: [
                            "error-type": .string(ErrorDiagnostics.type(of: error)),
                            "error-code": .string(ErrorDiagnostics.code(of: error)),
                        ])
                    earlyRefreshNotBefore = clock.now.addingTimeInterval(60)
                    return access
                }
                logger.warning(
                    "Nadeo refresh failed; logging in again",
                    metadata: [
                        "error-type": .string(ErrorDiagnostics.type(of: error)),
                        "error-code": .string(ErrorDiagnostics.code(of: error)),
                    ])
            }
        }
        guard let basicAuthorization else { throw TrackmaniaError.notConfigured("AUTHORIZATION") }
        return try await exchange(
            url: loginURL, authorization: "Basic \(basicAuthorization)", endpoint: "core.basic",
            body: #"{"audience":"NadeoLiveServices"}"#)
    }

    private struct TokenPair: Decodable {
        var accessToken: String
        var refreshToken: String?
    }

    /// Posts to a token endpoint and stores what comes back.
    private func exchange(url: String, authorization: String, endpoint: String, body: String) async throws -> String {
        let response = try await http.send(
            OutboundRequest(
                endpoint: endpoint, method: .POST, url: url,
                headers: [("Authorization", authorization), ("Content-Type", "application/json")],
                body: Array(body.utf8)))
        guard let pair = try? JSONDecoder().decode(TokenPair.self, from: Data(response.body)), !pair.accessToken.isEmpty
        else {
            throw TrackmaniaError.malformedResponse("\(endpoint): expected {accessToken, refreshToken}")
        }
        access = pair.accessToken
        refused = nil
        earlyRefreshNotBefore = nil
        let now = clock.now
        do {
            try await repository.save(
                StoredAPIToken(provider: Self.provider, tokenType: "access", token: pair.accessToken, createdAt: now))
            if let newRefresh = pair.refreshToken, !newRefresh.isEmpty {
                refresh = newRefresh
                try await repository.save(
                    StoredAPIToken(provider: Self.provider, tokenType: "refresh", token: newRefresh, createdAt: now))
            }
        } catch {
            // The token works regardless; other instances will just log in themselves.
            logger.warning(
                "Could not store Nadeo tokens",
                metadata: [
                    "error-type": .string(ErrorDiagnostics.type(of: error)),
                    "error-code": .string(ErrorDiagnostics.code(of: error)),
                ])
        }
        logger.info("Obtained Nadeo Live token", metadata: ["via": "\(endpoint)"])
        return pair.accessToken
    }
}
