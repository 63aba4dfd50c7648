import Foundation

/// Percent-encoding for query strings, form bodies and path segments.
enum QueryEncoding {
    /// RFC 3986 unreserved characters; everything else (`&`, `$`, spaces, brackets, unicode) is escaped.
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Escapes one key or value.
    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// `k=v&k=v`, each part escaped, in the given order (repeated keys allowed).
    static func query(_ items: [(String, String)]) -> String {
        items.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }
}
