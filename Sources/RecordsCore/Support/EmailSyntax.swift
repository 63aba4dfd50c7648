/// The one rule for what an email address may look like: a plain ASCII `local@domain` that can go
/// into an SMTP envelope and a header as it is.
///
/// No quoted local parts, comments, groups or internationalised addresses: nothing that could carry a
/// line break, an angle bracket or a second address. Registration refuses what the mailer could not
/// send to, with the same check the mailer applies.
public enum EmailSyntax {
    /// `atext` of RFC 5322 (letters, digits and `!#$%&'*+-/=?^_`{|}~`), plus dots between atoms.
    static let localCharacters = Set(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.".utf8)
    static let domainCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.".utf8)

    /// Whether `address` is one plain `local@domain` address of at most 254 bytes (local part 1 to
    /// 64 bytes), dots only between atoms, the domain not starting with a hyphen.
    public static func isPlainAddress(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        guard (1...64).contains(local.count), !domain.isEmpty else { return false }
        guard local.allSatisfy(localCharacters.contains), domain.allSatisfy(domainCharacters.contains) else {
            return false
        }
        return isDotAtom(local) && isDotAtom(domain) && domain.first != UInt8(ascii: "-")
    }

    /// No leading, trailing or doubled dots.
    private static func isDotAtom(_ part: ArraySlice<UInt8>) -> Bool {
        let dot = UInt8(ascii: ".")
        guard part.first != dot, part.last != dot else { return false }
        return !zip(part, part.dropFirst()).contains { $0 == dot && $1 == dot }
    }
}
