import Crypto
import Foundation

/// Signed, expiring links to a player's preference page (`/preferences/<token>`) and its one-click
/// unsubscribe (`/preferences/<token>/unsubscribe`), and the form tokens of the page.
///
/// A link token is `<user id>.<link generation>.<expiry>.<signature>`: HMAC-SHA256 over the three
/// numbers with a key of its own (`PREFERENCES_SECRET`, or one derived from `JWT_SECRET` under a
/// distinct label), so it is never a site session and a site token is never a link. Raising the
/// user's `link_generation` revokes every link issued before. Only ASCII digits, dots and base64url
/// characters appear, so a token is one path segment as is.
public struct PreferenceLinks: Sendable, Equatable {
    /// Why a token was refused.
    public enum Problem: Error, Sendable, Equatable {
        /// Not a token, or a signature that does not match (tampered, another user's id, another key).
        case invalid
        /// The expiry has passed.
        case expired
    }

    /// What a valid token says.
    public struct Claims: Sendable, Equatable {
        public var userId: Int
        public var generation: Int
        /// Unix seconds.
        public var expiresAt: Int
    }

    /// The public origin (and optional path prefix) links start with, without a trailing slash.
    public var baseURL: String
    /// How long a link stays valid.
    public var lifetime: TimeInterval
    /// The address for the `mailto:` unsubscribe (the sender's), when mail has one.
    public var mailtoAddress: String?
    private let key: [UInt8]

    /// The label the key derived from `JWT_SECRET` is made under: it differs from anything the site
    /// tokens sign, so neither kind of token can stand for the other.
    static let derivationLabel = "recordsw preference links v1"

    /// - Parameters:
    ///   - key: The HMAC key (see ``derivedKey(jwtSecret:)``).
    ///   - baseURL: `https://records.example.com` (a trailing slash is dropped).
    ///   - lifetime: How long a link stays valid.
    ///   - mailtoAddress: The unsubscribe mailbox, or `nil`.
    public init(key: [UInt8], baseURL: String, lifetime: TimeInterval, mailtoAddress: String? = nil) {
        self.key = key
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.lifetime = lifetime
        self.mailtoAddress = mailtoAddress
    }

    /// The key used when `PREFERENCES_SECRET` is unset: HMAC-SHA256 of a fixed label under `JWT_SECRET`.
    public static func derivedKey(jwtSecret: String) -> [UInt8] {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(derivationLabel.utf8), using: SymmetricKey(data: Data(jwtSecret.utf8)))
        return Array(mac)
    }

    // MARK: Links

    /// A link token for the user, valid for ``lifetime`` from `now`.
    public func token(userId: Int, generation: Int, now: Date) -> String {
        let expiry = Int(now.timeIntervalSince1970 + lifetime)
        let claims = "\(userId).\(generation).\(expiry)"
        return "\(claims).\(sign("link:\(claims)"))"
    }

    /// Whether `segment` has the shape of a link token (base64url parts joined by dots, at most 160
    /// bytes): the only path segment a redirect may echo into its `Location` header and page.
    public static func hasTokenShape(_ segment: String) -> Bool {
        !segment.isEmpty && segment.utf8.count <= 160
            && segment.utf8.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                    || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            }
    }

    /// The preference page of a token.
    public func pageURL(token: String) -> String { "\(baseURL)/preferences/\(token)" }

    /// The one-click unsubscribe URL of a token.
    public func unsubscribeURL(token: String) -> String { "\(baseURL)/preferences/\(token)/unsubscribe" }

    /// Checks a token's form and signature (in constant time) and its expiry.
    /// - Throws: ``Problem``.
    public func verify(_ token: String, now: Date) throws(Problem) -> Claims {
        guard token.utf8.count <= 160 else { throw .invalid }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0...2].allSatisfy(Self.isCanonicalNumber),
            let userId = Int(parts[0]), let generation = Int(parts[1]), let expiry = Int(parts[2])
        else { throw .invalid }
        let claims = "\(parts[0]).\(parts[1]).\(parts[2])"
        guard Self.constantTimeEqual(String(parts[3]), sign("link:\(claims)")) else { throw .invalid }
        guard Double(expiry) > now.timeIntervalSince1970 else { throw .expired }
        return Claims(userId: userId, generation: generation, expiresAt: expiry)
    }

    // MARK: Form tokens

    /// The CSRF token of one form of the page: bound to the link token and the form's action, so a
    /// token taken from one link or one form is worth nothing for another.
    public func formToken(linkToken: String, action: String) -> String {
        sign("form:\(linkToken):\(action)")
    }

    /// Whether `offered` is the form token of `action` on `linkToken` (constant time).
    public func checkFormToken(_ offered: String, linkToken: String, action: String) -> Bool {
        Self.constantTimeEqual(offered, formToken(linkToken: linkToken, action: action))
    }

    // MARK: Helpers

    private func sign(_ text: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: key))
        return Data(mac).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Digits only, no leading zero (so one value has one spelling), at most 18 digits.
    private static func isCanonicalNumber(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 18 && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
            && (text == "0" || text.first != "0")
    }

    /// Compares two strings in time that depends only on their lengths.
    public static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        var difference: UInt8 = a.count == b.count ? 0 : 1
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
