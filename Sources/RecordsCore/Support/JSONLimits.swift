/// What a JSON parse may take before it stops: bounds checked while reading, so an oversized or
/// hostile text is refused as soon as it passes one, before the rest of it is walked.
public struct JSONLimits: Sendable, Equatable {
    /// How many objects and arrays may nest (the top-level container is depth 1).
    public var maximumDepth: Int
    /// How many members one object may hold.
    public var maximumMembers: Int
    /// How many values the whole text may hold (every member value, array element and the root).
    public var maximumValues: Int
    /// Whether a name repeated in one object is refused (`true`) or the later value kept (`false`).
    public var rejectsDuplicateNames: Bool

    /// - Parameters:
    ///   - maximumDepth: Nesting bound; also keeps the recursive reader off the end of its stack.
    ///   - maximumMembers: Members of any one object.
    ///   - maximumValues: Values in the whole text.
    ///   - rejectsDuplicateNames: Refuse a repeated member name instead of keeping the last.
    public init(maximumDepth: Int, maximumMembers: Int, maximumValues: Int, rejectsDuplicateNames: Bool) {
        self.maximumDepth = maximumDepth
        self.maximumMembers = maximumMembers
        self.maximumValues = maximumValues
        self.rejectsDuplicateNames = rejectsDuplicateNames
    }

    /// For trusted or already size-bounded text (stored results, upstream answers, fixtures): no
    /// count bounds, a later duplicate wins, nesting bounded only to protect the stack.
    public static let lenient = JSONLimits(
        maximumDepth: 512, maximumMembers: .max, maximumValues: .max, rejectsDuplicateNames: false)
}

/// Why a text was not accepted by ``JSONReader``.
public enum JSONReadError: Error, Sendable, Equatable {
    /// Not JSON (RFC 8259) at this byte offset: a syntax error, invalid UTF-8, a control character in
    /// a string, a lone surrogate, or a number too large for a `Double`.
    case syntax(offset: Int)
    /// Containers nest deeper than ``JSONLimits/maximumDepth``.
    case tooDeep(limit: Int)
    /// One object has more members than ``JSONLimits/maximumMembers``.
    case tooManyMembers(limit: Int)
    /// The text holds more values than ``JSONLimits/maximumValues``.
    case tooManyValues(limit: Int)
    /// A member name appears twice in one object (only with ``JSONLimits/rejectsDuplicateNames``).
    case duplicateName(String)
}
