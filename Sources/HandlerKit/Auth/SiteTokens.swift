import Crypto
import Foundation
import RecordsCore

/// What a site token is for. The original had no such claim, so a refresh token worked as a bearer
/// and an access token at `/refresh`; the `token_use` claim closes both.
public enum TokenUse: String, Sendable, Codable {
    case access
    case refresh
}

/// The claims of a site token: the original's (`user_id` as a decimal string, `session_id`, `role`
/// on access tokens, `iat`, `exp`) plus `token_use`. Every value is plain ASCII without `>`, `?` or
/// `~`, so the base64url payload never holds `-` or `_` and the frontend's `atob` can decode it.
public struct SiteTokenClaims: Codable, Sendable, Equatable {
    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case sessionId = "session_id"
        case role
        case tokenUse = "token_use"
        case issuedAt = "iat"
        case expiresAt = "exp"
        case generation = "gen"
    }

    public var userId: String
    public var sessionId: String
    public var role: String?
    public var tokenUse: TokenUse
    /// Seconds since the epoch.
    public var issuedAt: Int
    /// Seconds since the epoch.
    public var expiresAt: Int
    /// On refresh tokens: the session's refresh generation the token belongs to (rotation, see
    /// ``RefreshTokenHandler``). Absent on access tokens and on refresh tokens issued before
    /// rotation existed, which count as generation 0.
    public var generation: Int?

    public init(
        userId: String, sessionId: String, role: String?, tokenUse: TokenUse, issuedAt: Int, expiresAt: Int,
        generation: Int? = nil
    ) {
        self.userId = userId
        self.sessionId = sessionId
        self.role = role
        self.tokenUse = tokenUse
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.generation = generation
    }
}

/// Signs and verifies the site's HS256 tokens with `JWT_SECRET`.
///
/// Written over swift-crypto's HMAC rather than a JWT library because existing deployments may
/// keep a `JWT_SECRET` shorter than 32 bytes (`JWT_SECRET_ALLOW_SHORT`), which HMAC allows and the
/// original accepted. Verification follows RFC 8725: HS256 only, no `crit` header, no repeated
/// member names in header or claims, `iat` not in the future beyond ``issuedAtLeeway``.
public struct SiteTokens: Sendable {
    /// How far in the future `iat` may lie (clock skew between instances).
    public static let issuedAtLeeway = 60

    /// Access-token lifetime, as the original (`expires_in` 900).
    public static let accessLifetime: TimeInterval = 900
    /// Session and refresh-token lifetime, as the original (7 days).
    public static let sessionLifetime: TimeInterval = 7 * 24 * 3600

    /// The fixed header; `{"alg":"HS256","typ":"JWT"}` as jsonwebtoken wrote it.
    private static let header = Base64URL.encode(#"{"alg":"HS256","typ":"JWT"}"#.utf8)

    private let key: SymmetricKey

    /// - Parameter secret: `JWT_SECRET`.
    public init(secret: String) {
        key = SymmetricKey(data: Data(secret.utf8))
    }

    /// Signs an access token for a session.
    public func accessToken(userId: Int, sessionId: String, role: String, now: Date) throws -> String {
        let issued = Self.seconds(now)
        return try sign(
            SiteTokenClaims(
                userId: String(userId), sessionId: sessionId, role: role, tokenUse: .access, issuedAt: issued,
                expiresAt: issued + Int(Self.accessLifetime)))
    }

    /// Signs a refresh token that expires with its session (refreshing never extends a session).
    /// - Parameter generation: The session's refresh generation this token belongs to.
    public func refreshToken(
        userId: Int, sessionId: String, sessionExpiresAt: Date, now: Date, generation: Int = 0
    ) throws -> String {
        try sign(
            SiteTokenClaims(
                userId: String(userId), sessionId: sessionId, role: nil, tokenUse: .refresh,
                issuedAt: Self.seconds(now), expiresAt: Self.seconds(sessionExpiresAt), generation: generation))
    }

    /// The outcome of checking a token.
    public enum Verdict: Sendable, Equatable {
        case valid(SiteTokenClaims)
        /// Signature and use are right but `exp` has passed.
        case expired(SiteTokenClaims)
        /// Malformed, forged, another algorithm, or another use.
        case invalid
    }

    /// Checks a token's header (HS256 only: never `none`, HS384 or HS512; no `crit`), signature
    /// (constant time), claims (no repeated names), use, issue time (at most ``issuedAtLeeway``
    /// seconds ahead) and expiry (zero leeway).
    public func verify(_ token: String, use: TokenUse, now: Date) -> Verdict {
        // Every authenticated request comes through here, so it works on the token's bytes: no
        // substrings, no Foundation base64, no JSON decoding of the usual header, and JSONDecoder
        // for the payload only when it is not in the compact shape every issuer writes.
        let bytes = Array(token.utf8)
        guard let firstDot = bytes.firstIndex(of: UInt8(ascii: ".")),
            let secondDot = bytes[(firstDot + 1)...].firstIndex(of: UInt8(ascii: ".")),
            !bytes[(secondDot + 1)...].contains(UInt8(ascii: "."))
        else { return .invalid }
        let headerPart = bytes[..<firstDot]
        guard headerPart.elementsEqual(Self.header.utf8) || Self.isHS256(header: headerPart),
            let signature = Base64URL.decode(bytes[(secondDot + 1)...]),
            HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: bytes[..<secondDot], using: key),
            let payload = Base64URL.decode(bytes[(firstDot + 1)..<secondDot]),
            let claims = CompactClaims.claims(payload) ?? Self.decodeStrictly(payload),
            claims.tokenUse == use, Int(claims.userId) != nil, claims.generation.map({ $0 >= 0 }) ?? true
        else { return .invalid }
        let current = Self.seconds(now)
        guard claims.issuedAt <= current + Self.issuedAtLeeway else { return .invalid }
        return claims.expiresAt <= current ? .expired(claims) : .valid(claims)
    }

    /// Claims in any other JSON shape: refused when a member name repeats (at any depth), which
    /// `JSONDecoder` would silently resolve.
    private static func decodeStrictly(_ payload: [UInt8]) -> SiteTokenClaims? {
        guard StrictJSON.object(payload) != nil else { return nil }
        return try? JSONDecoder().decode(SiteTokenClaims.self, from: Data(payload))
    }

    /// Whether a header other than ours (another key order, extra fields) still names HS256,
    /// without a `crit` member (no extension is understood here) or a repeated member.
    private static func isHS256(header: ArraySlice<UInt8>) -> Bool {
        guard let data = Base64URL.decode(header), let fields = StrictJSON.object(Array(data)),
            fields["crit"] == nil
        else { return false }
        if let type = fields["typ"], type != .string("JWT") { return false }
        return fields["alg"] == .string("HS256")
    }

    private func sign(_ claims: SiteTokenClaims) throws -> String {
        let payload = Base64URL.encode(try JSONEncoder().encode(claims))
        let input = "\(Self.header).\(payload)"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: key)
        return "\(input).\(Base64URL.encode(Data(mac)))"
    }

    /// JWT times are whole seconds.
    private static func seconds(_ date: Date) -> Int {
        Int(date.timeIntervalSince1970.rounded(.down))
    }
}
