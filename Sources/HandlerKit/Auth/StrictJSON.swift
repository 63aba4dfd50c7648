import RecordsCore

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

    /// Our tokens carry a handful of claims; the counts only bound the work on a forged one.
    static let limits = JSONLimits(
        maximumDepth: 16, maximumMembers: 64, maximumValues: 1_024, rejectsDuplicateNames: true)

    /// The members of a top-level object, or `nil` when the text is not one well-formed,
    /// duplicate-free JSON object.
    static func object(_ bytes: [UInt8]) -> [String: Value]? {
        guard case .object(let object)? = try? JSONReader.parse(bytes, limits: limits) else { return nil }
        var members: [String: Value] = [:]
        for member in object.members {
            if case .string(let text) = member.value {
                members[member.key] = .string(text)
            } else {
                members[member.key] = .other
            }
        }
        return members
    }
}
