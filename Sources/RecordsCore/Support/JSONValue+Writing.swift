extension JSONValue {
    /// Compact JSON text of this value: slashes unescaped, object members in insertion order or,
    /// with `sortedKeys`, in the byte order of their UTF-8 keys.
    ///
    /// Written by hand because every response body goes through it: Foundation's `JSONEncoder` costs
    /// several times more per response. The output is byte-for-byte what `JSONEncoder` writes with
    /// `[.withoutEscapingSlashes, .sortedKeys]` (a test compares them), so switching changed no body.
    /// - Returns: `nil` when a number is not finite, which JSON cannot express.
    public func jsonText(sortedKeys: Bool) -> String? {
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        guard Self.write(self, into: &output, sortedKeys: sortedKeys) else { return nil }
        return String(decoding: output, as: UTF8.self)
    }

    private static func write(_ value: JSONValue, into output: inout [UInt8], sortedKeys: Bool) -> Bool {
        switch value {
        case .null:
            output.append(contentsOf: "null".utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .number(let number):
            if number.rounded() == number, abs(number) < 9.0e15 {
                writeInteger(Int64(number), into: &output)
            } else {
                guard let text = numberText(number) else { return false }
                output.append(contentsOf: text.utf8)
            }
        case .string(let text):
            writeString(text, into: &output)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                guard write(element, into: &output, sortedKeys: sortedKeys) else { return false }
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            let members = object.members
            // Positions are sorted, not the members themselves: moving (key, value) pairs retained
            // and released every string and nested value on the way.
            var order = Array(members.indices)
            if sortedKeys {
                order.sort { members[$0].key.utf8.lexicographicallyPrecedes(members[$1].key.utf8) }
            }
            for (index, position) in order.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(members[position].key, into: &output)
                output.append(UInt8(ascii: ":"))
                guard write(members[position].value, into: &output, sortedKeys: sortedKeys) else { return false }
            }
            output.append(UInt8(ascii: "}"))
        }
        return true
    }

    /// Whole numbers below 9e15 as integers (as ``encode(to:)`` writes them), others in Swift's
    /// shortest round-tripping form without a trailing `.0`, as `JSONEncoder` writes a `Double`.
    private static func numberText(_ number: Double) -> String? {
        guard number.isFinite else { return nil }
        if number.rounded() == number, abs(number) < 9.0e15 { return String(Int64(number)) }
        let text = number.description
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// Digits of a whole number, written in place (most numbers in responses are ids and counts).
    private static func writeInteger(_ value: Int64, into output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = output.count
        repeat {
            output.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        output[start...].reverse()
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most strings need no escaping: copy them in one go.
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
            else { return false }
            output.append(contentsOf: bytes)
            return true
        }
        if plain == true {
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x00..<0x20:
                output.append(contentsOf: "\\u00".utf8)
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
