import HandlerKit
import Testing

@Suite("Account field rules")
struct AccountRulesTests {
    func message(_ body: () throws -> String) -> String? {
        do {
            _ = try body()
            return nil
        } catch let error as HandlerError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test("emails are trimmed and lower-cased; malformed ones are refused")
    func emails() throws {
        #expect(try AccountRules.email("  Mixed.Case+tag@Example.COM ") == "mixed.case+tag@example.com")
        #expect(try AccountRules.email("o'brien&co@example.com") == "o'brien&co@example.com")
        #expect(message { try AccountRules.email(nil) } == "Required field missing")
        #expect(message { try AccountRules.email("a@b") } == "Invalid email format")
        #expect(message { try AccountRules.email("a b@c.de") } == "Invalid email format")
        #expect(
            message { try AccountRules.email(String(repeating: "a", count: 250) + "@b.cd") } == "Invalid email format")
    }

    @Test("an address the mailer could not put in a header is refused: controls, a second address, non-ASCII")
    func undeliverableEmails() {
        let control = "Invalid email format: control characters are not allowed"
        #expect(message { try AccountRules.email("a\u{7}b@c.de") } == control)
        #expect(message { try AccountRules.email("a@c.de\r\nBcc: x@y.z") } == control)
        #expect(message { try AccountRules.email("a\u{85}@c.de") } == control)
        let one = "Invalid email format: give exactly one address"
        #expect(message { try AccountRules.email("a@b.com,c.d") } == one)
        #expect(message { try AccountRules.email("a@b.com;c.d") } == one)
        #expect(message { try AccountRules.email("<a@b.com>") } == one)
        #expect(message { try AccountRules.email(#""a"@b.com"#) } == one)
        #expect(message { try AccountRules.email("x:a@b.com") } == one)
        for address in ["é@b.com", "a@bü.com", "a..b@c.de", ".a@c.de", "a@-c.de", "a@c_d.de"] {
            #expect(message { try AccountRules.email(address) }?.hasPrefix("Invalid email format: use letters") == true)
        }
    }

    @Test("passwords are kept as typed between 8 characters and 72 bytes")
    func passwords() throws {
        #expect(try AccountRules.password("drop table; --") == "drop table; --")
        #expect(try AccountRules.password(" spaced pass ") == " spaced pass ")
        #expect(message { try AccountRules.password("") } == "Required field missing")
        #expect(message { try AccountRules.password("1234567") } == "Invalid password format")
        #expect(message { try AccountRules.password("        ") } == "Invalid password format")
        #expect(message { try AccountRules.password("abcdefgh\0") } == "Invalid password format")
        // 24 three-byte characters are 72 bytes; one more is over.
        #expect(try AccountRules.password(String(repeating: "€", count: 24)).count == 24)
        #expect(
            message { try AccountRules.password(String(repeating: "€", count: 25)) }
                == "Invalid password format: at most 72 bytes")
    }

    @Test("usernames are kept as typed: 3 to 50 characters, no control characters")
    func usernames() throws {
        #expect(try AccountRules.username("  Zoë & Chloé ") == "Zoë & Chloé")
        #expect(try AccountRules.username("<script>") == "<script>")
        #expect(message { try AccountRules.username("ab") } == "Invalid username format")
        #expect(message { try AccountRules.username(String(repeating: "x", count: 51)) } == "Invalid username format")
        #expect(message { try AccountRules.username("tab\there") } == "Invalid username format")
        #expect(message { try AccountRules.username("   ") } == "Required field missing")
    }
}
