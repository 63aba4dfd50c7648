/// A fast reader for the payload of a verified site token, for the shape every issuer writes:
/// one compact JSON object of ASCII strings without escapes, integers and `null`.
///
/// It answers `nil` for anything else (whitespace, escapes, nesting, fractions, leading zeros,
/// repeated keys, non-ASCII bytes), and the caller then decodes with `JSONDecoder`; so whatever it
/// accepts, `JSONDecoder` would read the same way. Runs only after the signature has been checked.
enum CompactClaims {
    enum Value: Equatable {
        case string(String)
        case integer(Int)
        case null
    }

    static func parse(_ bytes: [UInt8]) -> [String: Value]? {
        var index = 0
        func next() -> UInt8? { index < bytes.count ? bytes[index] : nil }
        func string() -> String? {
            guard next() == UInt8(ascii: "\"") else { return nil }
            index += 1
            let start = index
            while let byte = next(), byte != UInt8(ascii: "\"") {
                guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { return nil }
                index += 1
            }
            guard next() == UInt8(ascii: "\"") else { return nil }
            defer { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        func integer() -> Int? {
            let start = index
            if next() == UInt8(ascii: "-") { index += 1 }
            let digits = index
            while let byte = next(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { index += 1 }
            guard index > digits, bytes[digits] != UInt8(ascii: "0") || index == digits + 1 else { return nil }
            return Int(String(decoding: bytes[start..<index], as: UTF8.self))
        }

        guard next() == UInt8(ascii: "{") else { return nil }
        index += 1
        var fields: [String: Value] = [:]
        if next() == UInt8(ascii: "}") {
            index += 1
        } else {
            while true {
                guard let key = string(), fields[key] == nil, next() == UInt8(ascii: ":") else { return nil }
                index += 1
                switch next() {
                case UInt8(ascii: "\""):
                    guard let text = string() else { return nil }
                    fields[key] = .string(text)
                case UInt8(ascii: "n"):
                    guard bytes[index...].starts(with: "null".utf8) else { return nil }
                    index += 4
                    fields[key] = .null
                default:
                    guard let number = integer() else { return nil }
                    fields[key] = .integer(number)
                }
                guard let separator = next() else { return nil }
                index += 1
                if separator == UInt8(ascii: "}") { break }
                guard separator == UInt8(ascii: ",") else { return nil }
            }
        }
        return index == bytes.count ? fields : nil
    }

    /// The claims when the payload has the compact shape and every claim has its type; `nil`
    /// otherwise (the caller decodes with `JSONDecoder`, which gives the authoritative verdict).
    static func claims(_ bytes: [UInt8]) -> SiteTokenClaims? {
        guard let fields = parse(bytes),
            case .string(let userId) = fields["user_id"],
            case .string(let sessionId) = fields["session_id"],
            case .string(let use) = fields["token_use"], let tokenUse = TokenUse(rawValue: use),
            case .integer(let issuedAt) = fields["iat"],
            case .integer(let expiresAt) = fields["exp"]
        else { return nil }
        let role: String?
        switch fields["role"] {
        case .string(let value): role = value
        case .null, nil: role = nil
        case .integer: return nil
        }
        let generation: Int?
        switch fields["gen"] {
        case .integer(let value): generation = value
        case .null, nil: generation = nil
        case .string: return nil
        }
        return SiteTokenClaims(
            userId: userId, sessionId: sessionId, role: role, tokenUse: tokenUse, issuedAt: issuedAt,
            expiresAt: expiresAt, generation: generation)
    }
}
