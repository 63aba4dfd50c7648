import Foundation

/// Query strings and form bodies as ordered, percent-decoded pairs (Hummingbird leaves keys encoded,
/// and the Trackmania APIs use bracketed keys such as `accountId[]` and `scores[uid]`).
struct FakeQuery: Sendable {
    let items: [(key: String, value: String)]

    init(_ raw: String?) {
        items = (raw ?? "").split(separator: "&").map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (Self.decode(pieces[0]), pieces.count > 1 ? Self.decode(pieces[1]) : "")
        }
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The first value of `key`, compared case-insensitively (TMX accepts `Name` and `name`).
    func first(_ key: String) -> String? {
        items.first { $0.key.caseInsensitiveCompare(key) == .orderedSame }?.value
    }

    /// Values of `name[]`, `name[0]`, `name[1]`, … in order.
    func bracketed(_ name: String) -> [String] {
        items.filter { $0.key.hasPrefix(name + "[") && $0.key.hasSuffix("]") }.map(\.value)
    }

    /// `inner → value` for keys `name[inner]`.
    func keyed(_ name: String) -> [(String, String)] {
        items.compactMap { item in
            guard item.key.hasPrefix(name + "["), item.key.hasSuffix("]") else { return nil }
            return (String(item.key.dropFirst(name.count + 1).dropLast()), item.value)
        }
    }
}
