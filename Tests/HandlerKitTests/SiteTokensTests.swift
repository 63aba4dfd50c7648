import Crypto
import Foundation
import RecordsCore
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
        #expect(tokens.verify(genuine + ".", use: .access, now: now) == .invalid)
        #expect(tokens.verify("\(parts[0]).\(parts[1]).\(parts[2])=", use: .access, now: now) == .invalid)
        let standardAlphabet = parts[2].replacingOccurrences(of: "-", with: "+").replacingOccurrences(
            of: "_", with: "/")
        if standardAlphabet != parts[2] {
            #expect(tokens.verify("\(parts[0]).\(parts[1]).\(standardAlphabet)", use: .access, now: now) == .invalid)
        }
    }

    @Test("a token whose header orders its fields differently still verifies when it names HS256")
    func otherHeaderLayout() async throws {
        let tokens = SiteTokens(secret: secret)
        let genuine = try tokens.accessToken(userId: 3, sessionId: "s", role: "user", now: now)
        let payload = genuine.split(separator: ".")[1]
        let header = Base64URL.encode(#"{"typ":"JWT","alg":"HS256"}"#.utf8)
        let input = "\(header).\(payload)"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        guard case .valid(let claims) = tokens.verify("\(input).\(Base64URL.encode(Data(mac)))", use: .access, now: now)
        else {
            Issue.record("a reordered HS256 header should verify")
            return
        }
        #expect(claims.userId == "3")
    }
}

@Suite("Compact claims")
struct CompactClaimsTests {
    static func decoded(_ text: String) -> SiteTokenClaims? {
        try? JSONDecoder().decode(SiteTokenClaims.self, from: Data(text.utf8))
    }

    @Test("reads what JSONEncoder and the original's JSON.stringify write")
    func common() throws {
        let ours = try JSONEncoder().encode(
            SiteTokenClaims(
                userId: "12", sessionId: "0b3c", role: "admin", tokenUse: .access, issuedAt: 1_790_000_000,
                expiresAt: 1_790_000_900))
        #expect(CompactClaims.claims(Array(ours)) == Self.decoded(String(decoding: ours, as: UTF8.self)))
        let node = #"{"user_id":"5","session_id":"s","token_use":"refresh","iat":1,"exp":2,"extra":"x"}"#
        #expect(CompactClaims.claims(Array(node.utf8)) == Self.decoded(node))
        #expect(CompactClaims.claims(Array(node.utf8))?.role == nil)
    }

    @Test(
        "leaves every other shape to JSONDecoder",
        arguments: [
            #"{ "user_id":"5","session_id":"s","token_use":"access","iat":1,"exp":2}"#,
            #"{"user_id":"5\u0041","session_id":"s","token_use":"access","iat":1,"exp":2}"#,
            #"{"user_id":"5","session_id":"s","token_use":"access","iat":1.0,"exp":2}"#,
            #"{"user_id":"5","session_id":"s","token_use":"access","iat":01,"exp":2}"#,
            #"{"user_id":"5","user_id":"6","session_id":"s","token_use":"access","iat":1,"exp":2}"#,
            #"{"user_id":5,"session_id":"s","token_use":"access","iat":1,"exp":2}"#,
            #"{"user_id":"5","session_id":"s","token_use":"other","iat":1,"exp":2}"#,
            #"{"user_id":"5","session_id":"s","token_use":"access","iat":1,"exp":2,"role":7}"#,
            #"{"user_id":"é","session_id":"s","token_use":"access","iat":1,"exp":2}"#,
            #"{"user_id":"5","session_id":"s","token_use":"access","iat":1,"exp":2}x"#,
            #"{"user_id":"5","session_id":"s","token_use":"access","iat":1,"exp":99999999999999999999}"#,
            #"{"user_id":"5","session_id":"s","token_use":"access","iat":1,"exp":2,}"#,
            #"{"user_id":"5","session_id":"s","token_use":"access","iat":1,"exp":nul}"#, "[]", "", "{",
        ])
    func declines(text: String) {
        #expect(CompactClaims.claims(Array(text.utf8)) == nil)
    }

    @Test("whatever it accepts after random edits, JSONDecoder reads the same way")
    func agreesWithJSONDecoder() {
        let base = Array(#"{"user_id":"5","session_id":"a-b","role":null,"token_use":"access","iat":-0,"exp":20}"#.utf8)
        let alphabet = Array(#"{}[]":,-0123456789nulabe_ x"#.utf8)
        var random = SystemRandomNumberGenerator()
        var accepted = 0
        for _ in 0..<20_000 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[position] = alphabet.randomElement(using: &random)!
                case 1: bytes.remove(at: position)
                default: bytes.insert(alphabet.randomElement(using: &random)!, at: position)
                }
            }
            guard let fast = CompactClaims.claims(bytes) else { continue }
            accepted += 1
            #expect(fast == (try? JSONDecoder().decode(SiteTokenClaims.self, from: Data(bytes))), "\(bytes)")
        }
        #expect(accepted > 0)
    }
}

@Suite("Base64url")
struct Base64URLTests {
    @Test("round-trips every length and agrees with Foundation's base64 after the alphabet swap")
    func roundTrip() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Base64URL.encode(bytes)
            let foundation = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            #expect(encoded == foundation)
            #expect(Base64URL.decode(encoded.utf8) == bytes)
        }
    }

    @Test(
        "refuses padding, the standard alphabet, stray bytes, impossible lengths and non-canonical tails",
        arguments: ["QQ==", "a+b/", "ab cd", "abcde", "QR", "QUF", "€€", "ab.c"])
    func refuses(text: String) {
        #expect(Base64URL.decode(text.utf8) == nil)
    }

    @Test func acceptsCanonicalTails() {
        #expect(Base64URL.decode("QQ".utf8) == [0x41])
        #expect(Base64URL.decode("QUI".utf8) == [0x41, 0x42])
        #expect(Base64URL.decode("".utf8) == [])
    }
}

@Suite("Bearer header")
struct BearerHeaderTests {
    @Test(
        "takes the token after the scheme in any case, trimming spaces and tabs",
        arguments: [
            ("Bearer abc.def.ghi", "abc.def.ghi"), ("bearer abc", "abc"), ("BEARER abc", "abc"),
            ("  Bearer   abc \t", "abc"), ("\tbEaReR abc", "abc"),
        ])
    func scheme(header: String, token: String) {
        #expect(SessionAuthenticator.bearer(header, acceptsRaw: false) == token)
        #expect(SessionAuthenticator.bearer(header, acceptsRaw: true) == token)
    }

    @Test("an empty token, a missing header or another scheme is refused; a raw token only where allowed")
    func refused() {
        for header in [nil, "", "   ", "Bearer ", "Bearer    ", "Basic abc", "Bearerabc", "Bearer\tabc", "abc"] {
            #expect(SessionAuthenticator.bearer(header, acceptsRaw: false) == nil)
        }
        #expect(SessionAuthenticator.bearer(" abc.def ", acceptsRaw: true) == "abc.def")
        #expect(SessionAuthenticator.bearer("Basic abc", acceptsRaw: true) == "Basic abc")
        #expect(SessionAuthenticator.bearer("Bearer", acceptsRaw: true) == "Bearer")
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
