/// A single-pass JSON reader over UTF-8 bytes.
///
/// Work is linear in the input: every byte is looked at a bounded number of times, members are
/// collected into an array with a hash set for duplicate names, and objects are built once with
/// their members sorted by name (so the same text always gives the same member order, whatever
/// order it was written in).
public struct JSONReader {
    private let bytes: UnsafeRawBufferPointer
    private let limits: JSONLimits
    private var index = 0
    private var values = 0

    /// Parses one JSON text (any top-level kind, blanks around it allowed).
    /// - Parameters:
    ///   - bytes: UTF-8 text.
    ///   - limits: The bounds to enforce while reading.
    /// - Throws: ``JSONReadError`` at the first problem.
    public static func parse(_ bytes: some Collection<UInt8>, limits: JSONLimits) throws(JSONReadError) -> JSONValue {
        let result: Result<JSONValue, JSONReadError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONReadError) in try parse(buffer: UnsafeRawBufferPointer(buffer), limits: limits) }
        }
        if let result { return try result.get() }
        return try parse(Array(bytes), limits: limits)
    }

    private static func parse(buffer: UnsafeRawBufferPointer, limits: JSONLimits) throws(JSONReadError) -> JSONValue {
        var reader = JSONReader(bytes: buffer, limits: limits)
        reader.skipBlanks()
        let value = try reader.value(depth: 0)
        reader.skipBlanks()
        guard reader.index == buffer.count else { throw .syntax(offset: reader.index) }
        return value
    }

    private init(bytes: UnsafeRawBufferPointer, limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipBlanks() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func expect(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        index += 1
        return true
    }

    private mutating func value(depth: Int) throws(JSONReadError) -> JSONValue {
        values += 1
        guard values <= limits.maximumValues else { throw .tooManyValues(limit: limits.maximumValues) }
        switch peek() {
        case UInt8(ascii: "{"): return .object(try object(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try array(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return .number(try number())
        }
    }

    private mutating func object(depth: Int) throws(JSONReadError) -> JSONObject {
        guard depth <= limits.maximumDepth else { throw .tooDeep(limit: limits.maximumDepth) }
        index += 1
        var members: [(String, JSONValue)] = []
        var positions: [String: Int] = [:]
        skipBlanks()
        if expect(UInt8(ascii: "}")) { return JSONObject() }
        while true {
            skipBlanks()
            guard peek() == UInt8(ascii: "\"") else { throw .syntax(offset: index) }
            let name = try string()
            skipBlanks()
            guard expect(UInt8(ascii: ":")) else { throw .syntax(offset: index) }
            skipBlanks()
            let member = try value(depth: depth)
            if let earlier = positions[name] {
                if limits.rejectsDuplicateNames { throw .duplicateName(name) }
                members[earlier].1 = member
            } else {
                guard members.count < limits.maximumMembers else {
                    throw .tooManyMembers(limit: limits.maximumMembers)
                }
                positions[name] = members.count
                members.append((name, member))
            }
            skipBlanks()
            if expect(UInt8(ascii: "}")) { break }
            guard expect(UInt8(ascii: ",")) else { throw .syntax(offset: index) }
        }
        members.sort { $0.0 < $1.0 }
        return JSONObject(uniqueMembers: members)
    }

    private mutating func array(depth: Int) throws(JSONReadError) -> [JSONValue] {
        guard depth <= limits.maximumDepth else { throw .tooDeep(limit: limits.maximumDepth) }
        index += 1
        var elements: [JSONValue] = []
        skipBlanks()
        if expect(UInt8(ascii: "]")) { return elements }
        while true {
            skipBlanks()
            elements.append(try value(depth: depth))
            skipBlanks()
            if expect(UInt8(ascii: "]")) { return elements }
            guard expect(UInt8(ascii: ",")) else { throw .syntax(offset: index) }
        }
    }

    private mutating func literal(_ word: StaticString, _ result: JSONValue) throws(JSONReadError) -> JSONValue {
        let expected = UnsafeRawBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard bytes.count - index >= expected.count,
            bytes[index..<(index + expected.count)].elementsEqual(expected)
        else { throw .syntax(offset: index) }
        index += expected.count
        return result
    }

    /// `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`, finite as a `Double`.
    private mutating func number() throws(JSONReadError) -> Double {
        let start = index
        _ = expect(UInt8(ascii: "-"))
        if expect(UInt8(ascii: "0")) {
            guard !isDigit(peek()) else { throw .syntax(offset: index) }
        } else {
            guard digits() > 0 else { throw .syntax(offset: index) }
        }
        if expect(UInt8(ascii: ".")) { guard digits() > 0 else { throw .syntax(offset: index) } }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { throw .syntax(offset: index) }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let number = Double(text), number.isFinite else { throw .syntax(offset: start) }
        return number
    }

    private func isDigit(_ byte: UInt8?) -> Bool {
        guard let byte else { return false }
        return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private mutating func digits() -> Int {
        let start = index
        while isDigit(peek()) { index += 1 }
        return index - start
    }

    /// A string with its escapes decoded (the reader at its opening quote). Its bytes are gathered
    /// once and checked as UTF-8 once, escapes or not.
    private mutating func string() throws(JSONReadError) -> String {
        index += 1
        let start = index
        // Only a string with escapes is copied; a plain one is checked where it lies.
        var decoded: [UInt8] = []
        var escaped = false
        var runStart = index
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                if escaped { decoded.append(contentsOf: bytes[runStart..<index]) }
                let text =
                    escaped
                    ? String(validating: decoded, as: UTF8.self)
                    : String(validating: bytes[start..<index], as: UTF8.self)
                guard let text else { throw .syntax(offset: start) }
                index += 1
                return text
            case UInt8(ascii: "\\"):
                escaped = true
                decoded.append(contentsOf: bytes[runStart..<index])
                index += 1
                let scalar = try escape()
                UTF8.encode(scalar) { decoded.append($0) }
                runStart = index
            case 0..<0x20:
                throw .syntax(offset: index)
            default:
                index += 1
            }
        }
        throw .syntax(offset: index)
    }

    /// The scalar of one escape sequence (the backslash already read), joining a surrogate pair.
    private mutating func escape() throws(JSONReadError) -> Unicode.Scalar {
        guard let byte = peek() else { throw .syntax(offset: index) }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try hex4()
            if (0xD800...0xDBFF).contains(high) {
                guard expect(UInt8(ascii: "\\")), expect(UInt8(ascii: "u")) else { throw .syntax(offset: index) }
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low),
                    let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                else { throw .syntax(offset: index) }
                return scalar
            }
            guard let scalar = Unicode.Scalar(high) else { throw .syntax(offset: index) }
            return scalar
        default:
            throw .syntax(offset: index - 1)
        }
    }

    private mutating func hex4() throws(JSONReadError) -> UInt32 {
        guard bytes.count - index >= 4 else { throw .syntax(offset: index) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw .syntax(offset: index)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
