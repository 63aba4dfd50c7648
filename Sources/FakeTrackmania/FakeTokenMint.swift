import Crypto
import Foundation
import RecordsCore

/// Mints and verifies the fake's HS256 JWTs, shaped like Nadeo's (`iat`, `rat`, `exp`, `aud`, `rtk`,
/// `refresh_aud`, …) so clients can decode the timing claims exactly as they would for real tokens.
struct FakeTokenMint: Sendable {
    /// What a token is for.
    enum Kind: String, Sendable {
        case access
        case refresh
        case oauth
    }

    /// The claims the fake checks.
    struct Claims: Codable, Sendable {
        var jti: String
        var iss: String
        var iat: Int
        var rat: Double?
        var exp: Double
        var aud: String
        var sub: String
        var rtk: Bool
        var refreshAudience: String?
        /// Revocation generation: a token minted before the last revoke of its kind is refused.
        var generation: Int
        var kind: String

        enum CodingKeys: String, CodingKey {
            case jti, iss, iat, rat, exp, aud, sub, rtk
            case refreshAudience = "refresh_aud"
            case generation = "fake_gen"
            case kind = "fake_kind"
        }

        /// Real tokens carry whole-second `exp`; only a test's sub-second lifetime yields a fraction.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(jti, forKey: .jti)
            try container.encode(iss, forKey: .iss)
            try container.encode(iat, forKey: .iat)
            if let rat { try encodeSeconds(rat, .rat, &container) }
            try encodeSeconds(exp, .exp, &container)
            try container.encode(aud, forKey: .aud)
            try container.encode(sub, forKey: .sub)
            try container.encode(rtk, forKey: .rtk)
            try container.encodeIfPresent(refreshAudience, forKey: .refreshAudience)
            try container.encode(generation, forKey: .generation)
            try container.encode(kind, forKey: .kind)
        }

        private func encodeSeconds(
            _ value: Double, _ key: CodingKeys, _ container: inout KeyedEncodingContainer<CodingKeys>
        ) throws {
            if value == value.rounded() {
                try container.encode(Int(value), forKey: key)
            } else {
                try container.encode(value, forKey: key)
            }
        }
    }

    private let key = SymmetricKey(size: .bits256)

    func mint(_ claims: Claims) -> String {
        let header = Base64URL.encode(#"{"alg":"HS256","typ":"JWT"}"#.utf8)
        let payload = Base64URL.encode((try? JSONEncoder().encode(claims)) ?? Data())
        let signingInput = header + "." + payload
        let signature = HMAC<SHA256>.authenticationCode(for: Data(signingInput.utf8), using: key)
        return signingInput + "." + Base64URL.encode(Data(signature))
    }

    /// The claims of a token this mint signed, or `nil` for anything else (forged, garbled).
    func verify(_ token: String) -> Claims? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let signature = Base64URL.decode(parts[2].utf8),
            HMAC<SHA256>.isValidAuthenticationCode(
                signature, authenticating: Data("\(parts[0]).\(parts[1])".utf8), using: key),
            let payload = Base64URL.decode(parts[1].utf8)
        else { return nil }
        return try? JSONDecoder().decode(Claims.self, from: Data(payload))
    }
}
