/// A validating JSON reader for token headers and claims that refuses what `JSONDecoder` lets
/// through silently: a member name repeated in any object (RFC 8725 §3.11: two parsers could read
/// different values), with names compared after unescaping, and nesting deeper than 16.
///
/// It answers the top-level members as strings or "other"; the caller decodes typed claims with
/// `JSONDecoder` once this has accepted the text.
enum StrictJSON {
    enum Value: Equatable {
        case string(String)
        case other
    }

    /// The members of a top-level object, or `nil` when the text is not one well-formed,
    /// duplicate-free JSON object.
    static func object(_ bytes: [UInt8]) -> [String: Value]? {
        var reader = Reader(bytes: bytes)
        reader.skipBlanks()
        guard reader.peek() == UInt8(ascii: "{"), let members = reader.object(depth: 0) else { return nil }
        reader.skipBlanks()
        return reader.index == bytes.count ? members : nil
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0
        static let maximumDepth = 16

        func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func skipBlanks() {
            while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        mutating func expect(_ byte: UInt8) -> Bool {
            guard peek() == byte else { return false }
            index += 1
            return true
        }

        mutating func object(depth: Int) -> [String: Value]? {
            guard depth < Self.maximumDepth, expect(UInt8(ascii: "{")) else { return nil }
            var members: [String: Value] = [:]
            skipBlanks()
            if expect(UInt8(ascii: "}")) { return members }
            while true {
                skipBlanks()
                guard let name = string(), members[name] == nil else { return nil }
                skipBlanks()
                guard expect(UInt8(ascii: ":")) else { return nil }
                skipBlanks()
                if peek() == UInt8(ascii: "\"") {
                    guard let text = string() else { return nil }
                    members[name] = .string(text)
                } else {
                    guard value(depth: depth + 1) else { return nil }
                    members[name] = .other
                }
                skipBlanks()
                if expect(UInt8(ascii: "}")) { return members }
                guard expect(UInt8(ascii: ",")) else { return nil }
            }
        }

        /// Skips one value, checking it.
        mutating func value(depth: Int) -> Bool {
            switch peek() {
            case UInt8(ascii: "{"):
                return object(depth: depth) != nil
            case UInt8(ascii: "["):
                guard depth < Self.maximumDepth else { return false }
                index += 1
                skipBlanks()
                if expect(UInt8(ascii: "]")) { return true }
                while true {
                    skipBlanks()
                    guard value(depth: depth + 1) else { return false }
                    skipBlanks()
                    if expect(UInt8(ascii: "]")) { return true }
                    guard expect(UInt8(ascii: ",")) else { return false }
                }
            case UInt8(ascii: "\""):
                return string() != nil
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            default: return number()
            }
        }

        mutating func literal(_ word: StaticString) -> Bool {
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
            guard bytes.count - index >= expected.count, bytes[index..<(index + expected.count)].elementsEqual(expected)
            else { return false }
            index += expected.count
            return true
        }

        mutating func number() -> Bool {
            let start = index
            _ = expect(UInt8(ascii: "-"))
            guard digits() > 0 else { return false }
            if expect(UInt8(ascii: ".")) { guard digits() > 0 else { return false } }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                index += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { return false }
            }
            return index > start
        }

        mutating func digits() -> Int {
            var count = 0
            while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                index += 1
                count += 1
            }
            return count
        }

        /// A string with its escapes decoded; `nil` for control characters, bad escapes, lone
        /// surrogates or invalid UTF-8.
        mutating func string() -> String? {
            guard expect(UInt8(ascii: "\"")) else { return nil }
            var scalars = String.UnicodeScalarView()
            var plain: [UInt8] = []
            func flush() -> Bool {
                guard !plain.isEmpty else { return true }
                // Invalid UTF-8 becomes U+FFFD; JSONDecoder refuses such text afterwards anyway.
                scalars.append(contentsOf: String(decoding: plain, as: UTF8.self).unicodeScalars)
                plain.removeAll(keepingCapacity: true)
                return true
            }
            while let byte = peek() {
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    guard flush() else { return nil }
                    return String(scalars)
                case UInt8(ascii: "\\"):
                    guard flush(), let escaped = peek() else { return nil }
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): plain.append(escaped)
                    case UInt8(ascii: "b"): plain.append(0x08)
                    case UInt8(ascii: "f"): plain.append(0x0C)
                    case UInt8(ascii: "n"): plain.append(0x0A)
                    case UInt8(ascii: "r"): plain.append(0x0D)
                    case UInt8(ascii: "t"): plain.append(0x09)
                    case UInt8(ascii: "u"):
                        guard let scalar = unicodeEscape() else { return nil }
                        scalars.append(scalar)
                    default: return nil
                    }
                case 0..<0x20:
                    return nil
                default:
                    plain.append(byte)
                }
            }
            return nil
        }

        /// The scalar of `\uXXXX` (the `\u` already read), joining a surrogate pair.
        mutating func unicodeEscape() -> Unicode.Scalar? {
            guard let high = hex4() else { return nil }
            if (0xD800...0xDBFF).contains(high) {
                guard expect(UInt8(ascii: "\\")), expect(UInt8(ascii: "u")), let low = hex4(),
                    (0xDC00...0xDFFF).contains(low)
                else { return nil }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            }
            return Unicode.Scalar(high)
        }

        mutating func hex4() -> UInt32? {
            guard bytes.count - index >= 4 else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }
    }
}
