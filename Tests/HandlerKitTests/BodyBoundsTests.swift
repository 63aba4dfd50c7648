import Foundation
import HandlerKit
import RecordsCore
import Testing

/// Request bodies are read in linear time and refused at the first bound they pass (issue 26): a
/// body of thousands of keys is a 400 naming the bound, whichever parser reads it.
@Suite("Body bounds")
struct BodyBoundsTests {
    let dispatcher = DispatcherTests.dispatcher([Route("POST", "/echo/:id", errorKey: "msg", handler: EchoHandler())])

    func post(_ body: String, contentType: String = "application/json") async -> Response {
        await dispatcher.dispatch(
            Event(httpMethod: "POST", path: "/echo/7", headers: ["content-type": contentType], body: body))
    }

    func message(_ response: Response) throws -> String? {
        try JSONValue.parse(response.body ?? "").value(at: "msg")?.stringValue
    }

    static func jsonObject(members count: Int, nested: Bool = false) -> String {
        let members = (0..<count).map { #""k\#($0)":\#(nested ? "{}" : "0")"# }
        return "{" + members.joined(separator: ",") + "}"
    }

    @Test("64 members are read; 65 at the top or in a nested object are a 400")
    func memberCap() async throws {
        #expect(await post(Self.jsonObject(members: 64)).statusCode == 200)
        let flat = await post(Self.jsonObject(members: 65))
        #expect(flat.statusCode == 400)
        #expect(try message(flat) == "Request body has too many fields (at most 64 in one object)")
        let nested = await post(#"{"a":"# + Self.jsonObject(members: 65) + "}")
        #expect(nested.statusCode == 400)
        #expect(try message(nested) == "Request body has too many fields (at most 64 in one object)")
    }

    @Test("the login body of the reported attack (16,000 empty form keys) is a 400, not minutes of parsing")
    func formAttack() async throws {
        let keys = (0..<16_000).map { "k\($0)=" }.joined(separator: "&")
        let response = await post(keys, contentType: "application/x-www-form-urlencoded")
        #expect(response.statusCode == 400)
        #expect(try message(response) == "Request body has too many fields (at most 64 in one object)")
        let fine = (0..<64).map { "k\($0)=" }.joined(separator: "&")
        #expect(await post(fine, contentType: "application/x-www-form-urlencoded").statusCode == 200)
    }

    @Test("values in the whole body are capped; a list of 500 account ids still fits")
    func valueCap() async throws {
        let ids = (0..<500).map { #""id\#($0)""# }.joined(separator: ",")
        #expect(await post(#"{"accountIds":[\#(ids)]}"#).statusCode == 200)
        let many = Array(repeating: "0", count: 2_000).joined(separator: ",")
        let response = await post(#"{"a":[\#(many)]}"#)
        #expect(response.statusCode == 400)
        #expect(try message(response) == "Request body has too many values (at most 1024)")
    }

    @Test("deep nesting and repeated names are refused")
    func depthAndDuplicates() async throws {
        let deep = await post(#"{"a":"# + String(repeating: "[", count: 100_000))
        #expect(deep.statusCode == 400)
        #expect(try message(deep) == "Request body nests too deeply (at most 8 levels)")
        let repeated = await post(#"{"name":"a","name":"b"}"#)
        #expect(repeated.statusCode == 400)
        #expect(try message(repeated) == "Repeated field in request body: name")
        let escapedTwin = await post(#"{"name":"a","n\u0061me":"b"}"#)
        #expect(try message(escapedTwin) == "Repeated field in request body: name")
    }
}

/// The reader against Foundation's `JSONSerialization` on valid and invalid texts.
@Suite("JSON reader")
struct JSONReaderTests {
    static let valid = [
        #"{}"#, #"[]"#, #"0"#, #"-0.5e-3"#, #"1E+2"#, #"true"#, #"null"#, #""""#,
        #"{"b":[1,2,{"c":null}],"a":"x\"y\\z\/\b\f\n\r\t\u00e9\ud83d\ude00"}"#,
        " \n\t{ \"k\" : [ ] } \r\n", #"{"é":"ü","emoji":"🏁"}"#, #"[1.5,-2,3e10,12345678901234567890]"#,
    ]
    static let invalid = [
        "", "{", "}", "[1,]", "{\"a\":1,}", "{'a':1}", "01", "-", "1.", ".5", "1e", "+1", "tru", "nul",
        "[1 2]", "{\"a\" 1}", "\"\u{01}\"", #""\x""#, #""\ud800""#, #""\udc00x""#, "1e999", "{\"a\":1}x", "NaN",
    ]

    @Test("valid texts read as JSONSerialization reads them", arguments: valid)
    func agrees(_ text: String) throws {
        let ours = try JSONReader.parse(Array(text.utf8), limits: .lenient)
        let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)
        #expect(Self.equal(ours, theirs), "\(text)")
    }

    @Test("invalid texts are refused", arguments: invalid)
    func refuses(_ text: String) {
        #expect(throws: JSONReadError.self) { try JSONReader.parse(Array(text.utf8), limits: .lenient) }
    }

    @Test("invalid UTF-8 inside a string is refused")
    func invalidUTF8() {
        #expect(throws: JSONReadError.self) { try JSONReader.parse([0x22, 0xC3, 0x28, 0x22], limits: .lenient) }
    }

    @Test("members come out sorted, a lenient parse keeps the last of a repeated name")
    func order() throws {
        let value = try JSONValue.parse(#"{"b":1,"a":2,"b":3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value.value(at: "b") == .number(3))
    }

    @Test("an object's look-ups follow inserts and removals")
    func objectIndex() {
        var object = JSONObject([("a", 1), ("b", 2), ("c", 3)])
        object["b"] = nil
        object["d"] = 4
        #expect(object.keys == ["a", "c", "d"])
        #expect(object["c"] == 3 && object["d"] == 4 && object["b"] == nil)
        object["a"] = nil
        #expect(object["c"] == 3 && object["d"] == 4)
    }

    static func equal(_ ours: JSONValue, _ theirs: Any) -> Bool {
        switch ours {
        case .null: return theirs is NSNull
        case .bool(let value): return theirs as? Bool == value
        case .number(let value): return (theirs as? NSNumber)?.doubleValue == value
        case .string(let value): return theirs as? String == value
        case .array(let values):
            guard let array = theirs as? [Any], array.count == values.count else { return false }
            return zip(values, array).allSatisfy { equal($0, $1) }
        case .object(let object):
            guard let dictionary = theirs as? [String: Any], dictionary.count == object.members.count else {
                return false
            }
            return object.members.allSatisfy { member in dictionary[member.key].map { equal(member.value, $0) } ?? false
            }
        }
    }
}
