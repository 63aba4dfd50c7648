import Foundation
import RecordsCore
import Testing

@Suite("Preference links")
struct PreferenceLinksTests {
    static let links = PreferenceLinks(
        key: PreferenceLinks.derivedKey(jwtSecret: "fixture-secret-0123456789abcdef"),
        baseURL: "https://records.example.com/", lifetime: 3600, mailtoAddress: nil)
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    @Test("a token opens for its user and generation until it expires")
    func roundTrip() throws {
        let token = Self.links.token(userId: 42, generation: 3, now: Self.now)
        let claims = try Self.links.verify(token, now: Self.now.addingTimeInterval(3599))
        #expect(claims.userId == 42 && claims.generation == 3)
        #expect(claims.expiresAt == 1_780_003_600)
        #expect(throws: PreferenceLinks.Problem.expired) {
            try Self.links.verify(token, now: Self.now.addingTimeInterval(3600))
        }
        #expect(Self.links.pageURL(token: token) == "https://records.example.com/preferences/\(token)")
        #expect(Self.links.unsubscribeURL(token: token).hasSuffix("/preferences/\(token)/unsubscribe"))
        #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
    }

    @Test("tampered, forged or foreign tokens are invalid")
    func tampering() throws {
        let token = Self.links.token(userId: 42, generation: 0, now: Self.now)
        let parts = token.split(separator: ".").map(String.init)
        let forged = [
            "43.\(parts[1]).\(parts[2]).\(parts[3])", "42.1.\(parts[2]).\(parts[3])",
            "42.0.\(Int(parts[2])! + 1).\(parts[3])", "042.0.\(parts[2]).\(parts[3])",
            "42.0.\(parts[2]).\(parts[3].dropLast())", "42.0.\(parts[2])", "", "a.b.c.d", token + ".x",
            "+42.0.\(parts[2]).\(parts[3])",
        ]
        for candidate in forged {
            #expect(throws: PreferenceLinks.Problem.invalid, "\(candidate)") {
                try Self.links.verify(candidate, now: Self.now)
            }
        }
        let other = PreferenceLinks(
            key: PreferenceLinks.derivedKey(jwtSecret: "another-secret-0123456789abcdef"), baseURL: "https://x",
            lifetime: 3600)
        #expect(throws: PreferenceLinks.Problem.invalid) { try other.verify(token, now: Self.now) }
    }

    @Test("the derived key is not the site-token secret, and form tokens are bound to link and action")
    func formTokens() {
        let secret = "fixture-secret-0123456789abcdef"
        #expect(PreferenceLinks.derivedKey(jwtSecret: secret) != Array(secret.utf8))
        let token = Self.links.token(userId: 1, generation: 0, now: Self.now)
        let form = Self.links.formToken(linkToken: token, action: "settings")
        #expect(Self.links.checkFormToken(form, linkToken: token, action: "settings"))
        #expect(!Self.links.checkFormToken(form, linkToken: token, action: "revoke"))
        let other = Self.links.token(userId: 2, generation: 0, now: Self.now)
        #expect(!Self.links.checkFormToken(form, linkToken: other, action: "settings"))
        #expect(!Self.links.checkFormToken("", linkToken: token, action: "settings"))
    }

    @Test("zone names: IANA names only; dates name their zone")
    func zones() {
        #expect(ZonedTime.isValid("UTC"))
        #expect(ZonedTime.isValid("Europe/Paris"))
        #expect(ZonedTime.isValid("America/Argentina/Buenos_Aires"))
        for bad in ["", "Mars/Olympus", "GMT+5", "Europe/Paris\n", "<b>", String(repeating: "A", count: 65)] {
            #expect(!ZonedTime.isValid(bad), "\(bad)")
        }
        #expect(ZonedTime.identifiers.first == "UTC")
        #expect(ZonedTime.identifiers.contains("Asia/Tokyo"))
        let date = Date(timeIntervalSince1970: 1_764_426_300)  // 2025-11-29 14:25 UTC
        #expect(ZonedTime.format(date, zone: "UTC") == "2025-11-29 14:25 UTC")
        #expect(ZonedTime.format(date, zone: "Europe/Paris") == "2025-11-29 15:25 Europe/Paris")
        #expect(ZonedTime.format(date, zone: "Asia/Kolkata") == "2025-11-29 19:55 Asia/Kolkata")
    }
}
