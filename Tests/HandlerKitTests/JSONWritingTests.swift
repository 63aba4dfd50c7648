import Foundation
import RecordsCore
import Testing

@testable import HandlerKit

@Suite("JSON writing")
struct JSONWritingTests {
    /// What `Response.json` wrote before the hand-written writer: the bytes must not change.
    static func foundation(_ value: JSONValue) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }

    struct Generator {
        var random = SystemRandomNumberGenerator()
        let pieces = [
            "a", "B", "_", "z", "0", "9", "/", "\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}",
            "\u{7F}", "é", "€", "😀", "\u{2028}", " ", "<", "&", "tm_username", "tmUsername", "a10", "a9",
        ]

        mutating func string() -> String {
            (0..<Int.random(in: 0...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
        }

        mutating func number() -> Double {
            switch Int.random(in: 0..<6, using: &random) {
            case 0: Double(Int.random(in: -1000...1000, using: &random))
            case 1: Double.random(in: -1...1, using: &random)
            case 2: Double.random(in: -1e6...1e6, using: &random).rounded() / 100
            case 3: Double(Int64.random(in: 8_000_000_000_000_000...9_100_000_000_000_000, using: &random))
            case 4: Double.random(in: 1e15...1e22, using: &random)
            default: Double.random(in: 1e-9...1e-3, using: &random)
            }
        }

        mutating func value(depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 2 ? 4 : 6), using: &random) {
            case 0: .null
            case 1: .bool(Bool.random(using: &random))
            case 2: .number(number())
            case 3: .string(string())
            case 4: .array((0..<Int.random(in: 0...4, using: &random)).map { _ in value(depth: depth + 1) })
            default:
                .object(
                    JSONObject(
                        (0..<Int.random(in: 0...5, using: &random)).map { _ in (string(), value(depth: depth + 1)) }))
            }
        }
    }

    @Test("sorted output is byte-identical to JSONEncoder's for random documents")
    func parityWithJSONEncoder() {
        var generator = Generator()
        for _ in 0..<3000 {
            let value = generator.value(depth: 0)
            #expect(value.jsonText(sortedKeys: true) == Self.foundation(value), "\(value)")
        }
    }

    @Test("escapes, numbers and member order")
    func examples() {
        let value: JSONValue = [
            "b": "a/b \"q\" \\ \u{01}\n", "a": .number(1.5), "A": .number(3), "c": .number(-0.0), "d": .number(1e20),
        ]
        #expect(
            value.jsonText(sortedKeys: true) == #"{"A":3,"a":1.5,"b":"a/b \"q\" \\ \u0001\n","c":0,"d":1e+20}"#)
        #expect(value.jsonText(sortedKeys: false) == #"{"b":"a/b \"q\" \\ \u0001\n","a":1.5,"A":3,"c":0,"d":1e+20}"#)
        #expect(JSONValue.number(.nan).jsonText(sortedKeys: true) == nil)
        #expect(JSONValue.array([.number(.infinity)]).jsonText() == "null")
    }

    @Test("Response.json writes the same body for a JSONValue and for an Encodable of the same shape")
    func responseBodies() {
        struct Profile: Encodable {
            var id: Int
            var email: String
            var createdAt: String
        }
        let encodable = Response.json(
            200, Profile(id: 7, email: "a/b@example.com", createdAt: "2026-11-23T00:00:00.000Z"))
        let value = Response.json(
            200, ["id": 7, "email": "a/b@example.com", "createdAt": "2026-11-23T00:00:00.000Z"] as JSONValue)
        #expect(encodable == value)
        #expect(Response.json(500, JSONValue.number(.nan)).body == "{}")
    }
}
