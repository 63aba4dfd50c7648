import RecordsCore

/// A request body parsed as a JSON object, with typed field reads that reject wrong types.
///
/// A JSON body and a form-encoded body end up here alike (form values are strings), so handlers
/// never see bytes. Every accessor throws a 400 naming the field instead of crashing or coercing.
public struct RequestBody: Sendable, Equatable {
    /// The members of the body.
    public var object: JSONObject

    public init(_ object: JSONObject = JSONObject()) {
        self.object = object
    }

    /// The raw value of a field, or `nil` when absent.
    public subscript(key: String) -> JSONValue? { object[key] }

    /// A string field; absent or `null` give `nil`.
    /// - Throws: 400 `"<key> must be a string"` for any other type.
    public func string(_ key: String) throws -> String? {
        switch object[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value
        case let other?: throw HandlerError.badRequest("\(key) must be a string, not \(other.kindName)")
        }
    }

    /// An integer field (a JSON number without fraction, or a string of digits from a form).
    /// - Throws: 400 `"<key> must be an integer"` for anything else.
    public func integer(_ key: String) throws -> Int? {
        switch object[key] {
        case nil, .null?: return nil
        case .number(let value)? where value.rounded() == value && abs(value) <= Double(Int32.max):
            return Int(value)
        case .string(let text)? where Int(text) != nil && abs(Int(text)!) <= Int(Int32.max):
            return Int(text)
        default: throw HandlerError.badRequest("\(key) must be an integer")
        }
    }

    /// An array of strings; absent or `null` give `nil`.
    /// - Throws: 400 when the value is not an array of strings.
    public func strings(_ key: String) throws -> [String]? {
        switch object[key] {
        case nil, .null?: return nil
        case .array(let values)?:
            return try values.map {
                guard case .string(let value) = $0 else {
                    throw HandlerError.badRequest("\(key) must be an array of strings")
                }
                return value
            }
        default: throw HandlerError.badRequest("\(key) must be an array of strings")
        }
    }
}
