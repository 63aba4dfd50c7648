import Foundation
import HTTPAdapter

extension AppConfig {
    /// The trust-boundary settings: who may speak for a client's address, how long connections
    /// may stay open, how many there may be, and how long idle sessions last.
    /// See `docs/security.md`.
    public struct Security: Sendable, Equatable {
        /// `TRUSTED_PROXIES` (default `loopback,private`; `none` ignores forwarded headers).
        public var trustedProxies: TrustedProxies
        /// `HTTP_IDLE_TIMEOUT` (seconds, default 30) and `HTTP_MAX_CONNECTIONS` (default 1024).
        public var connectionLimits: ConnectionLimits
        /// `JWT_SECRET_ALLOW_SHORT`: keep an existing secret shorter than 32 bytes (logged as a warning).
        public var allowShortJWTSecret: Bool
        /// `CRON_SECRET_ALLOW_SHORT`: keep an existing cron secret shorter than 16 bytes (logged as a warning).
        public var allowShortCronSecret: Bool
        /// `SESSION_IDLE_TIMEOUT` (seconds, default 86400): a session not refreshed for this long ends.
        public var sessionIdleTimeout: TimeInterval
        /// `SESSION_CHECK_REUSE_MS` (default 2000, 0 turns it off): how long a read-only route may
        /// reuse this instance's check of the same session (``RecentSessionChecks``).
        public var sessionCheckReuse: Duration
        /// `HSTS_ALWAYS`: `Strict-Transport-Security` on every response, not only on requests a
        /// trusted proxy received over HTTPS (for deployments whose proxy does not send `X-Forwarded-Proto`).
        public var strictTransportEverywhere: Bool

        /// The shortest `JWT_SECRET` accepted without `JWT_SECRET_ALLOW_SHORT` (RFC 7518 §3.2: a key
        /// of at least the hash size).
        public static let minimumSecretBytes = 32
        /// The shortest `CRON_SECRET` accepted without `CRON_SECRET_ALLOW_SHORT`: 16 random bytes
        /// are out of reach of guessing at the cron route's attempt limit.
        public static let minimumCronSecretBytes = 16

        /// Reads the section.
        /// - Throws: ``AppConfig/Invalid`` naming the first bad setting.
        public init(reader: ConfigReader) throws {
            if let raw = reader.value("TRUSTED_PROXIES") {
                guard let parsed = TrustedProxies(setting: raw) else {
                    throw Invalid(
                        description:
                            "TRUSTED_PROXIES must be comma-separated CIDRs or addresses, loopback, private, or none")
                }
                trustedProxies = parsed
            } else {
                trustedProxies = .default
            }
            let timeout = try reader.integer("HTTP_IDLE_TIMEOUT", default: 30, range: 1...3600)
            let connections = try reader.integer("HTTP_MAX_CONNECTIONS", default: 1024, range: 16...1_000_000)
            connectionLimits = ConnectionLimits(requestTimeout: .seconds(timeout), maximumConnections: connections)
            allowShortJWTSecret = try reader.flag("JWT_SECRET_ALLOW_SHORT", default: false)
            allowShortCronSecret = try reader.flag("CRON_SECRET_ALLOW_SHORT", default: false)
            sessionIdleTimeout = TimeInterval(
                try reader.integer("SESSION_IDLE_TIMEOUT", default: 86_400, range: 900...604_800))
            sessionCheckReuse = .milliseconds(
                try reader.integer("SESSION_CHECK_REUSE_MS", default: 2000, range: 0...60_000))
            strictTransportEverywhere = try reader.flag("HSTS_ALWAYS", default: false)
        }

        /// Checks what `serve` needs beyond parsing: a `JWT_SECRET` of at least 32 bytes and a
        /// `CRON_SECRET` of at least 16, unless allowed.
        /// - Throws: ``AppConfig/Invalid`` with one line.
        func validate(jwtSecret: String?, cronSecret: String?) throws {
            if let jwtSecret, jwtSecret.utf8.count < Self.minimumSecretBytes, !allowShortJWTSecret {
                throw Invalid(
                    description:
                        "JWT_SECRET is shorter than \(Self.minimumSecretBytes) bytes: use a longer random secret "
                        + "(or set JWT_SECRET_ALLOW_SHORT=1 to keep an existing one)")
            }
            if let cronSecret, cronSecret.utf8.count < Self.minimumCronSecretBytes, !allowShortCronSecret {
                throw Invalid(
                    description:
                        "CRON_SECRET is shorter than \(Self.minimumCronSecretBytes) bytes: use a longer random secret "
                        + "(or set CRON_SECRET_ALLOW_SHORT=1 to keep an existing one)")
            }
        }
    }

    /// Warnings `serve` logs at start-up about settings that are allowed but weaken a trust boundary.
    public var securityWarnings: [String] {
        var warnings: [String] = []
        if let jwtSecret, jwtSecret.utf8.count < Security.minimumSecretBytes, security.allowShortJWTSecret {
            warnings.append(
                "JWT_SECRET is shorter than \(Security.minimumSecretBytes) bytes (kept by JWT_SECRET_ALLOW_SHORT); "
                    + "replace it with a longer random secret")
        }
        if let cronSecret, cronSecret.utf8.count < Security.minimumCronSecretBytes, security.allowShortCronSecret {
            warnings.append(
                "CRON_SECRET is shorter than \(Security.minimumCronSecretBytes) bytes (kept by "
                    + "CRON_SECRET_ALLOW_SHORT); replace it with a longer random secret")
        }
        if !isEmbedded && allowedOrigin == nil {
            warnings.append(
                "ALLOWED_ORIGIN is not set: every origin can read API responses (without credentials); "
                    + "set it to the site's origin")
        }
        return warnings
    }
}
