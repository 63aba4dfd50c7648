import Foundation
import Mailer
import RecordsCore

/// The preference page and the links to it in every digest (docs/preferences.md).
///
/// Settings:
/// - `PUBLIC_BASE_URL`: the public origin players reach the server at (`https://records.example.com`,
///   optionally with a path prefix), which digest links start with; unset, `http://localhost:<PORT>`
///   (fine for the demo, useless in mail: `serve` and `cron daily` warn);
/// - `PREFERENCES_SECRET`: the HMAC key of the links (at least 32 bytes); unset, a key derived
///   from `JWT_SECRET` under its own label;
/// - `PREFERENCES_LINK_DAYS` (1…365, default 30): how long a link stays valid.
///
/// `EMAIL_FROM`'s address, when set, is also offered as a `mailto:` unsubscribe.
public struct PreferencesConfig: Sendable, Equatable {
    /// The origin links start with, without a trailing slash.
    public var baseURL: String
    /// Whether `PUBLIC_BASE_URL` was set (otherwise ``baseURL`` is a loopback guess).
    public var baseURLConfigured: Bool
    /// `PREFERENCES_SECRET`.
    public var secret: String?
    /// `PREFERENCES_LINK_DAYS` in seconds.
    public var linkLifetime: TimeInterval
    /// The `mailto:` unsubscribe address (`EMAIL_FROM`'s), if any.
    public var mailtoAddress: String?

    /// The shortest `PREFERENCES_SECRET` accepted.
    public static let minimumSecretBytes = 32

    /// Reads the section.
    /// - Parameters:
    ///   - reader: The settings.
    ///   - port: `PORT`, for the loopback default of the base URL.
    /// - Throws: ``AppConfig/Invalid`` naming the bad setting.
    init(_ reader: ConfigReader, port: Int) throws {
        if let raw = reader.value("PUBLIC_BASE_URL") {
            guard let base = Self.baseURL(raw) else {
                throw AppConfig.Invalid(
                    description:
                        "PUBLIC_BASE_URL must be an http(s) URL without query or fragment, like https://records.example.com"
                )
            }
            baseURL = base
            baseURLConfigured = true
        } else {
            baseURL = "http://localhost:\(port)"
            baseURLConfigured = false
        }
        secret = reader.value("PREFERENCES_SECRET")
        if let secret, secret.utf8.count < Self.minimumSecretBytes {
            throw AppConfig.Invalid(
                description: "PREFERENCES_SECRET must be at least \(Self.minimumSecretBytes) bytes long")
        }
        linkLifetime = TimeInterval(try reader.integer("PREFERENCES_LINK_DAYS", default: 30, range: 1...365)) * 86_400
        mailtoAddress = reader.value("EMAIL_FROM").flatMap { try? MailAddress(parsing: $0) }?.address
    }

    /// The link signer: `PREFERENCES_SECRET`, else a key derived from the site-token secret in use.
    /// - Parameter jwtSecret: `JWT_SECRET`, or the ephemeral secret of the embedded demo.
    public func links(jwtSecret: String) -> PreferenceLinks {
        let key = secret.map { Array($0.utf8) } ?? PreferenceLinks.derivedKey(jwtSecret: jwtSecret)
        return PreferenceLinks(key: key, baseURL: baseURL, lifetime: linkLifetime, mailtoAddress: mailtoAddress)
    }

    /// Warnings `serve` and `cron daily` log at start-up.
    public var warnings: [String] {
        baseURLConfigured
            ? []
            : ["PUBLIC_BASE_URL is not set: digest links point at \(baseURL); set it to the site's public https origin"]
    }

    /// `raw` without trailing slashes when it is `http(s)://host[:port][/path]`.
    static func baseURL(_ raw: String) -> String? {
        var text = raw
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil, url.user == nil,
            url.password == nil, !text.contains(" ")
        else { return nil }
        return text
    }
}
