import Crypto
import Foundation

/// Signed links of the self-help mails (password reset, address confirmation) and the form tokens
/// of the self-help pages.
///
/// - A reset token is `<user id>.<expiry>.<nonce>.<signature>`: the nonce is 16 random bytes, of which
///   the database keeps only the SHA-256 (``nonceHash(_:)``), so a link is single use and a database
///   dump holds no usable link.
/// - A confirmation token is `<user id>.<expiry>.<signature>`, the signature also covering the
///   address it was sent to: it confirms that address only.
///
/// Signatures are HMAC-SHA256 under a key of their own (derived from the preference links' key under
/// a distinct label), with a purpose prefix, so no token of one kind stands for another, for a
/// preference link or for a site token. Tokens use only digits, dots and base64url characters.
public struct SelfHelpLinks: Sendable {
    /// Why a token was refused.
    public enum Problem: Error, Sendable, Equatable {
        /// Not a token of this kind, or a signature that does not match.
        case invalid
        /// The expiry has passed.
        case expired
    }

    /// What a valid reset token says.
    public struct ResetClaims: Sendable, Equatable {
        public var userId: Int
        public var expiresAt: Int
        /// The hash stored for the token's nonce.
        public var nonceHash: String
    }

    /// The public origin (and optional path prefix) links start with, without a trailing slash.
    public let baseURL: String
    /// How long a reset link stays valid.
    public let resetLifetime: TimeInterval
    /// How long a confirmation link stays valid.
    public let confirmationLifetime: TimeInterval
    /// How long a request form (fresh link, password reset) may be posted after it was shown.
    public let formLifetime: TimeInterval = 2 * 3600
    private let key: [UInt8]

    /// The label of this key's derivation from the preference links' key.
    public static let derivationLabel = "recordsw self-help links v1"

    /// - Parameters:
    ///   - preferenceKey: The preference links' HMAC key; this one is derived from it.
    ///   - baseURL: `https://records.example.com` (a trailing slash is dropped).
    ///   - resetLifetime: How long a reset link stays valid (default one hour).
    ///   - confirmationLifetime: How long a confirmation link stays valid (default seven days).
    public init(
        preferenceKey: [UInt8], baseURL: String, resetLifetime: TimeInterval = 3600,
        confirmationLifetime: TimeInterval = 7 * 86_400
    ) {
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(Self.derivationLabel.utf8), using: SymmetricKey(data: Data(preferenceKey)))
        self.key = Array(mac)
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.resetLifetime = resetLifetime
        self.confirmationLifetime = confirmationLifetime
    }

    // MARK: Password reset

    /// A reset token for the user and the nonce's hash to store.
    public func resetToken(userId: Int, now: Date) -> (token: String, nonceHash: String, expiresAt: Date) {
        let nonce = Self.base64URL(Data(SymmetricKey(size: .bits128).withUnsafeBytes { Array($0) }))
        let expiry = Int(now.timeIntervalSince1970 + resetLifetime)
        let claims = "\(userId).\(expiry).\(nonce)"
        return (
            "\(claims).\(sign("reset:\(claims)"))", Self.nonceHash(nonce), Date(timeIntervalSince1970: Double(expiry))
        )
    }

    /// The page a reset token opens.
    public func resetURL(token: String) -> String { "\(baseURL)/preferences/password-reset/\(token)" }

    /// Checks a reset token's form, signature (constant time) and expiry; the caller checks the nonce
    /// is stored and unused.
    /// - Throws: ``Problem``.
    public func verifyReset(_ token: String, now: Date) throws(Problem) -> ResetClaims {
        let parts = try Self.parts(token, count: 4)
        guard Self.isCanonicalNumber(parts[0]), Self.isCanonicalNumber(parts[1]), let userId = Int(parts[0]),
            let expiry = Int(parts[1]), parts[2].utf8.count == 22
        else { throw .invalid }
        let claims = "\(parts[0]).\(parts[1]).\(parts[2])"
        guard PreferenceLinks.constantTimeEqual(String(parts[3]), sign("reset:\(claims)")) else { throw .invalid }
        guard Double(expiry) > now.timeIntervalSince1970 else { throw .expired }
        return ResetClaims(userId: userId, expiresAt: expiry, nonceHash: Self.nonceHash(String(parts[2])))
    }

    /// The stored form of a nonce: hex SHA-256.
    public static func nonceHash(_ nonce: String) -> String {
        SHA256.hash(data: Data(nonce.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    // MARK: Address confirmation

    /// A confirmation token for the user's address.
    public func confirmationToken(userId: Int, email: String, now: Date) -> String {
        let expiry = Int(now.timeIntervalSince1970 + confirmationLifetime)
        let claims = "\(userId).\(expiry)"
        return "\(claims).\(sign("confirm:\(claims):\(email.lowercased())"))"
    }

    /// The page a confirmation token opens.
    public func confirmationURL(token: String) -> String { "\(baseURL)/preferences/confirm-email/\(token)" }

    /// The user id a confirmation token names, from its shape only (then ``verifyConfirmation(_:email:now:)``).
    public func confirmationUserId(_ token: String) throws(Problem) -> Int {
        let parts = try Self.parts(token, count: 3)
        guard Self.isCanonicalNumber(parts[0]), Self.isCanonicalNumber(parts[1]), let userId = Int(parts[0]) else {
            throw .invalid
        }
        return userId
    }

    /// Checks a confirmation token against the account's current address and the clock.
    /// - Throws: ``Problem``.
    public func verifyConfirmation(_ token: String, email: String, now: Date) throws(Problem) {
        let parts = try Self.parts(token, count: 3)
        guard Self.isCanonicalNumber(parts[0]), Self.isCanonicalNumber(parts[1]), let expiry = Int(parts[1]) else {
            throw .invalid
        }
        let expected = sign("confirm:\(parts[0]).\(parts[1]):\(email.lowercased())")
        guard PreferenceLinks.constantTimeEqual(String(parts[2]), expected) else { throw .invalid }
        guard Double(expiry) > now.timeIntervalSince1970 else { throw .expired }
    }

    // MARK: Form tokens

    /// The CSRF token of a form bound to a link token (the reset and confirmation pages).
    public func formToken(linkToken: String, action: String) -> String { sign("form:\(action):\(linkToken)") }

    /// Whether `offered` is ``formToken(linkToken:action:)`` (constant time).
    public func checkFormToken(_ offered: String, linkToken: String, action: String) -> Bool {
        PreferenceLinks.constantTimeEqual(offered, formToken(linkToken: linkToken, action: action))
    }

    /// The CSRF token of a request form that has no link (fresh link, password reset): signed with
    /// the time it was shown, valid for ``formLifetime``.
    public func requestFormToken(action: String, now: Date) -> String {
        let issued = Int(now.timeIntervalSince1970)
        return "\(issued).\(sign("request-form:\(action):\(issued)"))"
    }

    /// Whether `offered` is a request form token of `action` shown within ``formLifetime``.
    public func checkRequestFormToken(_ offered: String, action: String, now: Date) -> Bool {
        guard let parts = try? Self.parts(offered, count: 2), Self.isCanonicalNumber(parts[0]),
            let issued = Double(parts[0])
        else { return false }
        let signed = PreferenceLinks.constantTimeEqual(String(parts[1]), sign("request-form:\(action):\(parts[0])"))
        let age = now.timeIntervalSince1970 - issued
        return signed && age >= -60 && age <= formLifetime
    }

    // MARK: Helpers

    /// Whether `segment` may be echoed into a page or a `Location` (token characters only, bounded).
    public static func hasTokenShape(_ segment: String) -> Bool { PreferenceLinks.hasTokenShape(segment) }

    private static func parts(_ token: String, count: Int) throws(Problem) -> [Substring] {
        guard token.utf8.count <= 200 else { throw .invalid }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == count else { throw .invalid }
        return parts
    }

    private func sign(_ text: String) -> String {
        Self.base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: key))))
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    private static func isCanonicalNumber(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 18 && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
            && (text == "0" || text.first != "0")
    }
}
