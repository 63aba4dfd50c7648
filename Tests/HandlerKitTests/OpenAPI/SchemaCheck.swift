import Foundation
import RecordsCore

/// The part of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that our API description uses:
/// `$ref` into the document, `type` (one or several), `const`, `enum`, `properties`, `required`,
/// `additionalProperties`, `items`, `allOf`, `anyOf`, `oneOf`. Formats are documentation only.
/// An unsupported keyword is reported, so the description cannot quietly outgrow the check.
struct SchemaCheck {
    let document: JSONValue

    static let known: Set<String> = [
        "$ref", "type", "const", "enum", "properties", "required", "additionalProperties", "items", "allOf", "anyOf",
        "oneOf", "format", "description", "minimum", "maximum", "minLength", "maxLength", "example",
    ]

    /// Every mismatch of `value` against `schema`, as `path: reason` lines.
    func problems(_ value: JSONValue, _ schema: JSONValue, at path: String = "body") -> [String] {
        guard let rules = schema.objectValue else { return ["\(path): schema is not an object"] }
        var found: [String] = []
        for key in rules.keys where !Self.known.contains(key) {
            found.append("\(path): unsupported schema keyword \(key)")
        }
        if let target = rules["$ref"]?.stringValue {
            guard let resolved = resolve(target) else { return found + ["\(path): unresolved \(target)"] }
            return found + problems(value, resolved, at: path)
        }
        if let types = rules["type"] {
            let allowed = types.arrayValue?.compactMap(\.stringValue) ?? [types.stringValue ?? ""]
            if !allowed.contains(where: { Self.matches(value, type: $0) }) {
                return found + ["\(path): expected \(allowed.joined(separator: "|")), found \(value.kindName)"]
            }
        }
        if let constant = rules["const"], constant != value {
            found.append("\(path): expected \(constant.jsonText())")
        }
        if let options = rules["enum"]?.arrayValue, !options.contains(value) {
            found.append("\(path): \(value.jsonText()) is not one of \(JSONValue.array(options).jsonText())")
        }
        if let object = value.objectValue {
            let properties = rules["properties"]?.objectValue ?? JSONObject()
            for name in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[name] == nil {
                found.append("\(path): missing \(name)")
            }
            for member in object.members {
                if let property = properties[member.key] {
                    found += problems(member.value, property, at: "\(path).\(member.key)")
                } else if let extra = rules["additionalProperties"] {
                    if extra == .bool(false) {
                        found.append("\(path): unexpected member \(member.key)")
                    } else if extra.objectValue != nil {
                        found += problems(member.value, extra, at: "\(path).\(member.key)")
                    }
                }
            }
        }
        if let items = rules["items"], let elements = value.arrayValue {
            for (index, element) in elements.enumerated() {
                found += problems(element, items, at: "\(path)[\(index)]")
            }
        }
        for part in rules["allOf"]?.arrayValue ?? [] {
            found += problems(value, part, at: path)
        }
        if let options = rules["anyOf"]?.arrayValue ?? rules["oneOf"]?.arrayValue {
            let results = options.map { problems(value, $0, at: path) }
            if !results.contains(where: \.isEmpty) {
                found.append("\(path): matches none of \(options.count) alternatives (\(results.first?.first ?? ""))")
            }
        }
        return found
    }

    /// `#/components/schemas/Name`-style pointers into the document.
    func resolve(_ pointer: String) -> JSONValue? {
        guard pointer.hasPrefix("#/") else { return nil }
        var current: JSONValue? = document
        for part in pointer.dropFirst(2).split(separator: "/") {
            current = current?.objectValue?[String(part)]
        }
        return current
    }

    static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array),
            ("object", .object):
            true
        case ("integer", .number(let number)): number.rounded() == number
        default: false
        }
    }
}
