import Foundation
import RecordsCore

/// The timing claims of a Nadeo or OAuth JWT, read without verifying the signature: we only need to
/// know when to renew, and the upstream verifies the token itself.
struct JWTClaims: Sendable, Equatable {
    /// Expiry (`exp`).
    var expiresAt: Date?
    /// Refresh allowed at (`rat`, Nadeo only).
    var refreshAllowedAt: Date?

    private struct Payload: Decodable {
        var exp: Double?
        var rat: Double?
    }

    /// Decodes the payload segment of `token`; `nil` when it is not a JWT.
    init?(token: String) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        guard let data = Base64URL.decode(parts[1].utf8),
            let payload = try? JSONDecoder().decode(Payload.self, from: Data(data))
        else { return nil }
        expiresAt = payload.exp.map(Date.init(timeIntervalSince1970:))
        refreshAllowedAt = payload.rat.map(Date.init(timeIntervalSince1970:))
    }
}
