import Crypto
import Foundation
import RecordsCore
import Testing

@testable import HandlerKit

@Suite("Token and password hardening")
struct TokenAndPasswordTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let secret = "token-hardening-secret-0123456789abcdef"

    /// Signs arbitrary header and payload text with the secret, as a forger holding the key would.
    func sign(header: String, payload: String) -> String {
        let input = "\(Base64URL.encode(Array(header.utf8))).\(Base64URL.encode(Array(payload.utf8)))"
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data(input.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "\(input).\(Base64URL.encode(Data(mac)))"
    }

    var claims: String {
        let iat = Int(now.timeIntervalSince1970)
        return #"{"user_id":"1","session_id":"s","role":"user","token_use":"access","iat":\#(iat),"exp":\#(iat + 900)}"#
    }

    func verdict(_ token: String, at instant: Date? = nil) -> SiteTokens.Verdict {
        SiteTokens(secret: secret).verify(token, use: .access, now: instant ?? now)
    }

    @Test("a well-formed token in another layout verifies")
    func otherLayouts() {
        let spaced = claims.replacingOccurrences(of: ",", with: ", ")
        guard case .valid = verdict(sign(header: #"{"typ":"JWT", "alg":"HS256", "kid":"k1"}"#, payload: spaced))
        else {
            Issue.record("expected valid")
            return
        }
    }

    @Test(
        "duplicate members, crit headers and other algorithms are refused",
        arguments: [
            (#"{"alg":"HS256","alg":"none"}"#, "claims"),
            (#"{"alg":"HS256","typ":"JWT","crit":["exp"]}"#, "claims"),
            (#"{"alg":"HS256","\u0061lg":"HS256"}"#, "claims"),
            (#"{"alg":"HS512","typ":"JWT"}"#, "claims"),
            (#"{"alg":"HS256","typ":"JWE"}"#, "claims"),
            (#"{"alg":"HS256","typ":"JWT"}"#, "duplicate-user"),
            (#"{"alg":"HS256","typ":"JWT"}"#, "duplicate-escaped"),
        ])
    func refused(header: String, payloadKind: String) {
        var payload = claims
        switch payloadKind {
        case "duplicate-user":
            payload = payload.replacingOccurrences(of: #"{"user_id":"1","#, with: #"{"user_id":"1", "user_id":"2","#)
        case "duplicate-escaped":
            payload = payload.replacingOccurrences(
                of: #"{"user_id":"1","#, with: #"{"user_id":"1","user\u005fid":"2","#)
        default: break
        }
        #expect(verdict(sign(header: header, payload: payload)) == .invalid)
    }

    @Test("iat in the future beyond a minute is refused; small skew is allowed")
    func issuedInTheFuture() throws {
        let tokens = SiteTokens(secret: secret)
        let ahead = try tokens.accessToken(userId: 1, sessionId: "s", role: "user", now: now.addingTimeInterval(120))
        #expect(tokens.verify(ahead, use: .access, now: now) == .invalid)
        let skewed = try tokens.accessToken(userId: 1, sessionId: "s", role: "user", now: now.addingTimeInterval(30))
        guard case .valid = tokens.verify(skewed, use: .access, now: now) else {
            Issue.record("30 s of skew should be accepted")
            return
        }
    }

    @Test("refresh tokens carry their generation")
    func generationClaim() throws {
        let tokens = SiteTokens(secret: secret)
        let refresh = try tokens.refreshToken(
            userId: 3, sessionId: "s", sessionExpiresAt: now.addingTimeInterval(3600), now: now, generation: 4)
        guard case .valid(let parsed) = tokens.verify(refresh, use: .refresh, now: now) else {
            Issue.record("refresh token should verify")
            return
        }
        #expect(parsed.generation == 4)
    }

    @Test("StrictJSON reads escapes and refuses repeats at any depth")
    func strictJSON() {
        #expect(StrictJSON.object(Array(#"{"a":"x\"y","b":[1,{"c":true}],"d":null}"#.utf8))?["a"] == .string("x\"y"))
        #expect(StrictJSON.object(Array(#"{"a":{"b":1,"b":2}}"#.utf8)) == nil)
        #expect(StrictJSON.object(Array(#"{"a":1}x"#.utf8)) == nil)
        #expect(StrictJSON.object(Array(#"{"a":"\ud800"}"#.utf8)) == nil)
        #expect(StrictJSON.object(Array("[1]".utf8)) == nil)
    }

    @Test("$2y$ hashes verify; unusable stored values never match")
    func passwordHashes() async throws {
        let hasher = PasswordHasher(cost: 4)
        let hash = try await hasher.hash("correct-horse-1")
        #expect(hash.hasPrefix("$2a$04$"))
        let php = "$2y$" + hash.dropFirst(4)
        #expect(try await hasher.verify("correct-horse-1", hash: php))
        #expect(try await hasher.verify("wrong", hash: php) == false)
        #expect(try await hasher.verify("correct-horse-1", hash: "$2b$" + hash.dropFirst(4)))
        for unusable in [" ", "", "$2x$" + hash.dropFirst(4), "$2a$99$" + hash.dropFirst(7), String(hash.dropLast())] {
            #expect(try await hasher.verify("correct-horse-1", hash: unusable) == false)
        }
        #expect(PasswordHasher.usable(" ") == nil)
        #expect(PasswordHasher.usable(php)?.hasPrefix("$2b$") == true)
    }
}
