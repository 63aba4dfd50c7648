import Foundation

/// A JSON value whose objects keep their members in insertion order (parsed objects come out with
/// their keys sorted, as `Decoder` offers no order).
///
/// Used where the shape is not known up front: request bodies (so a handler can tell a missing
/// field from one of the wrong type), stored job results, and the partial matching of fixtures.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The string payload, or `nil` for any other kind of value.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The object payload, or `nil` for any other kind of value.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The array payload, or `nil` for any other kind of value.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The number payload, or `nil` for any other kind of value.
    public var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// A short name of the value's kind, for error messages ("string", "number", ...).
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// A JSON object whose keys keep the order in which they were decoded or inserted.
///
/// Look-ups and inserts go through a name index, so building an object of n members costs O(n)
/// (request bodies are built from untrusted input before authentication).
public struct JSONObject: Sendable, Hashable {
    /// The members in order.
    public private(set) var members: [(key: String, value: JSONValue)]
    /// Where each key sits in ``members``; derived, so equality and hashing ignore it.
    private var positions: [String: Int]

    /// Creates an object from ordered members; a later duplicate key replaces an earlier one.
    public init(_ members: [(String, JSONValue)] = []) {
        self.members = []
        self.positions = [:]
        self.members.reserveCapacity(members.count)
        self.positions.reserveCapacity(members.count)
        for (key, value) in members { self[key] = value }
    }

    /// Creates an object from members whose keys are known to be distinct (the JSON reader's).
    init(uniqueMembers: [(String, JSONValue)]) {
        members = uniqueMembers.map { (key: $0.0, value: $0.1) }
        positions = Dictionary(uniqueKeysWithValues: uniqueMembers.enumerated().map { ($0.element.0, $0.offset) })
    }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// Reads or replaces a member; assigning `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get { positions[key].map { members[$0].value } }
        set {
            if let index = positions[key] {
                if let newValue {
                    members[index].value = newValue
                } else {
                    members.remove(at: index)
                    positions[key] = nil
                    for later in index..<members.count { positions[members[later].key] = later }
                }
            } else if let newValue {
                positions[key] = members.count
                members.append((key, newValue))
            }
        }
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.members.count == rhs.members.count
            && zip(lhs.members, rhs.members).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for member in members {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var values: [JSONValue] = []
            while !array.isAtEnd { values.append(try array.decode(JSONValue.self)) }
            self = .array(values)
            return
        }
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            // allKeys has no defined order: sort, so a parsed object is the same on every run.
            var result = JSONObject()
            for key in object.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                result[key.stringValue] = try object.decode(JSONValue.self, forKey: key)
            }
            self = .object(result)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Double.self) {
            self = .number(value)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let value):
            var container = encoder.singleValueContainer()
            if value.rounded() == value, abs(value) < 9.0e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .array(let values):
            var container = encoder.unkeyedContainer()
            for value in values { try container.encode(value) }
        case .object(let object):
            var container = encoder.container(keyedBy: AnyKey.self)
            for member in object.members {
                try container.encode(member.value, forKey: AnyKey(member.key))
            }
        }
    }
}

/// A coding key made from any string.
public struct AnyKey: CodingKey, Sendable {
    public var stringValue: String
    public var intValue: Int? { nil }
    public init(_ string: String) { self.stringValue = string }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { self.stringValue = String(intValue) }
}
