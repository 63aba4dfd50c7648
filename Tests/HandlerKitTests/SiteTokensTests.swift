import Crypto
import Foundation
import Testing

@testable import HandlerKit

@Suite("Site tokens")
struct SiteTokensTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let secret = "unit-test-secret-0123456789"

    func payload(of token: String) throws -> [String: Any] {
        let part = String(token.split(separator: ".")[1])
        // The frontend decodes with atob: standard base64, no '-' or '_' allowed.
        #expect(!part.contains("-") && !part.contains("_"))
        var padded = part
        while padded.count % 4 != 0 { padded += "=" }
        let data = try #require(Data(base64Encoded: padded))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("access tokens carry the original claims plus token_use, ASCII and atob-decodable")
    func accessClaims() async throws {
        let tokens = SiteTokens(secret: secret)
        for userId in [1, 2, 42, 999_999] {
            let token = try tokens.accessToken(
                userId: userId, sessionId: UUID().uuidString.lowercased(), role: "admin", now: now)
            let claims = try payload(of: token)
            #expect(claims["user_id"] as? String == String(userId))
            #expect(claims["role"] as? String == "admin")
            #expect(claims["token_use"] as? String == "access")
            #expect((claims["exp"] as? Int).map { $0 - (claims["iat"] as? Int ?? 0) } == 900)
        }
    }

    @Test("a refresh token has no role, expires with its session, and is refused as an access token")
    func refreshUse() async throws {
        let tokens = SiteTokens(secret: secret)
        let sessionEnd = now.addingTimeInterval(SiteTokens.sessionLifetime)
        let refresh = try tokens.refreshToken(userId: 7, sessionId: "s1", sessionExpiresAt: sessionEnd, now: now)
        let claims = try payload(of: refresh)
        #expect(claims["role"] == nil)
        #expect(claims["exp"] as? Int == Int(sessionEnd.timeIntervalSince1970))
        #expect(tokens.verify(refresh, use: .access, now: now) == .invalid)
        guard case .valid(let parsed) = tokens.verify(refresh, use: .refresh, now: now) else {
            Issue.record("refresh token should verify as a refresh token")
            return
        }
        #expect(parsed.userId == "7" && parsed.sessionId == "s1")
        let access = try tokens.accessToken(userId: 7, sessionId: "s1", role: "user", now: now)
        #expect(tokens.verify(access, use: .refresh, now: now) == .invalid)
    }

    @Test("expiry has zero leeway")
    func expiry() async throws {
        let tokens = SiteTokens(secret: secret)
        let access = try tokens.accessToken(userId: 1, sessionId: "s", role: "user", now: now)
        if case .valid = tokens.verify(access, use: .access, now: now.addingTimeInterval(899)) {
        } else {
            Issue.record("valid one second before expiry")
        }
        if case .expired = tokens.verify(access, use: .access, now: now.addingTimeInterval(900)) {
        } else {
            Issue.record("expired at exp")
        }
    }

    @Test("alg none, HS512, another secret and tampering are refused")
    func forgeries() async throws {
        let tokens = SiteTokens(secret: secret)
        let genuine = try tokens.accessToken(userId: 1, sessionId: "s", role: "user", now: now)
        let parts = genuine.split(separator: ".").map(String.init)
        func b64url(_ data: Data) -> String {
            data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        let noneHeader = b64url(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))
        #expect(tokens.verify("\(noneHeader).\(parts[1]).", use: .access, now: now) == .invalid)

        let hs512Header = b64url(Data(#"{"alg":"HS512","typ":"JWT"}"#.utf8))
        let input = "\(hs512Header).\(parts[1])"
        let mac = HMAC<SHA512>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        #expect(tokens.verify("\(input).\(b64url(Data(mac)))", use: .access, now: now) == .invalid)

        let other = SiteTokens(secret: "another-secret-0123456789")
        #expect(other.verify(genuine, use: .access, now: now) == .invalid)

        let tamperedPayload = b64url(
            Data(
                #"{"user_id":"1","session_id":"s","role":"admin","token_use":"access","iat":1790000000,"exp":1790000900}"#
                    .utf8))
        #expect(tokens.verify("\(parts[0]).\(tamperedPayload).\(parts[2])", use: .access, now: now) == .invalid)
        #expect(tokens.verify("garbage", use: .access, now: now) == .invalid)
    }
}

@Suite("Password hashing")
struct PasswordHasherTests {
    /// Published bcrypt vectors (jBCrypt's, also used by bcryptjs' own tests).
    @Test(
        "verifies bcryptjs-compatible $2a$ hashes",
        arguments: [
            ("", "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s."),
            ("", "$2a$10$k1wbIrmNyFAPwPVPSVa/zecw2BCEnBwVS2GbrmgzxFUOqW9dk4TCW"),
            ("a", "$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe"),
            ("abc", "$2a$06$If6bvum7DFjUnE9p2uDeDu0YHzrHM6tf.iqN8.yx.jNN1ILEf7h0i"),
            ("abcdefghijklmnopqrstuvwxyz", "$2a$06$.rCVZVOThsIa97pEDOxvGuRRgzG64bvtJ0938xuqzv18d3ZpQhstC"),
            ("~!@#$%^&*()      ~!@#$%^&*()PNBFRD", "$2a$06$fPIsBO8qRqkjj273rfaOI.HtSV9jLDpTbZn782DC6/t7qT67P6FfO"),
        ])
    func knownVectors(password: String, hash: String) async throws {
        let hasher = PasswordHasher()
        #expect(try await hasher.verify(password, hash: hash))
        #expect(try await !hasher.verify(password + "x", hash: hash))
    }

    @Test("writes $2a$ cost-10 hashes that verify; the original's blank seed password never matches")
    func roundTrip() async throws {
        let hasher = PasswordHasher()
        let hash = try await hasher.hash("correct-horse-1; DROP <b>")
        #expect(hash.hasPrefix("$2a$10$") && hash.count == 60)
        #expect(try await hasher.verify("correct-horse-1; DROP <b>", hash: hash))
        #expect(try await !hasher.verify("correct-horse-2", hash: hash))
        #expect(try await !hasher.verify(" ", hash: " "))
        #expect(try await !hasher.verify("", hash: ""))
    }
}
