import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A built single-page app (`FRONTEND_DIR`) served from the API's own origin, so one process is a
/// whole site: the original deployment needed nginx beside the API for this.
///
/// Only `GET` and `HEAD` of paths the API does not own reach it: a path whose first segment is one
/// of the route table's (`api`, `health`, `metrics`, `preferences`, …) always goes to the
/// dispatcher, so an unknown `/api/…` path stays the original's JSON 404. A path names a file
/// only through decoded segments that are neither empty, `.`, `..` nor hidden (`.env`, `.git`),
/// and the file's real path (symbolic links resolved) must lie inside the root: no traversal, no
/// directory listing. Anything else that names no file gets `index.html`, so the app's own router
/// sees deep links, except a missing file with an extension (`/assets/gone.js`), which is a 404:
/// answering HTML for a script only hides the mistake.
public struct StaticSite: Sendable {
    /// What a request path resolves to.
    public enum Resolution: Sendable, Equatable {
        /// A file to send: its real path, how it is sent, its size and modification time (seconds
        /// since 1970, for the validators).
        case file(path: String, kind: StaticAsset, size: Int, modified: Int)
        /// Nothing to send: 404.
        case notFound
    }

    /// Why `FRONTEND_DIR` cannot be served.
    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The real path of the root directory, without a trailing slash.
    public let root: String
    /// Lower-cased first path segments that belong to the API.
    private let reserved: Set<String>

    /// - Parameters:
    ///   - directory: The built app (the folder holding `index.html`).
    ///   - reservedFirstSegments: First path segments the API owns; compared case-insensitively,
    ///     as the router matches them. `api` is always reserved.
    /// - Throws: ``Invalid`` when the folder does not exist or has no `index.html`.
    public init(directory: String, reservedFirstSegments: some Sequence<String>) throws {
        guard let real = Self.realPath(directory) else {
            throw Invalid(description: "FRONTEND_DIR \(directory) does not exist")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Invalid(description: "FRONTEND_DIR \(directory) is not a directory")
        }
        root = real == "/" ? "" : real
        guard Self.regularFile("\(root)/index.html") != nil else {
            throw Invalid(description: "FRONTEND_DIR \(directory) has no index.html (point it at the build output)")
        }
        reserved = Set(reservedFirstSegments.map { $0.lowercased() }).union(["api"])
    }

    /// Whether a request for `path` is the site's rather than the API's.
    public func serves(method: String, path: String) -> Bool {
        guard method == "GET" || method == "HEAD" else { return false }
        let first = Self.segments(path).first.map { $0.removingPercentEncoding ?? String($0) }
        return first.map { !reserved.contains($0.lowercased()) } ?? true
    }

    /// Resolves a request path (still percent-encoded, query allowed) to a file.
    public func resolve(path: String) -> Resolution {
        var parts: [String] = []
        for raw in Self.segments(path) {
            guard let part = raw.removingPercentEncoding, Self.isPlainName(part) else { return .notFound }
            parts.append(part)
        }
        // Read on each request, not once: a new build copied into place is served without a restart.
        let index: Resolution =
            Self.regularFile("\(root)/index.html").map {
                .file(path: "\(root)/index.html", kind: .document, size: $0.size, modified: $0.modified)
            } ?? .notFound
        guard !parts.isEmpty else { return index }
        let candidate = "\(root)/\(parts.joined(separator: "/"))"
        guard let real = Self.realPath(candidate) else {
            // Deep links of the app's router have no extension; a missing asset does.
            return parts[parts.count - 1].contains(".") ? .notFound : index
        }
        guard real.hasPrefix("\(root)/") else { return .notFound }
        guard let file = Self.regularFile(real) else { return index }
        return .file(
            path: real, kind: StaticAsset(fileName: parts[parts.count - 1]), size: file.size, modified: file.modified)
    }

    /// The non-empty segments of a path without its query.
    private static func segments(_ path: String) -> [Substring] {
        let withoutQuery = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return withoutQuery.split(separator: "/")
    }

    /// A decoded segment that can only name an entry of its folder.
    private static func isPlainName(_ part: String) -> Bool {
        !part.isEmpty && !part.hasPrefix(".") && !part.contains("/") && !part.contains("\\")
            && !part.contains("\0")
    }

    // `realpath` and `stat` block, but for microseconds on a local folder; the file itself is read
    // off the event loop by the responder.
    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func regularFile(_ path: String) -> (size: Int, modified: Int)? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        #if canImport(Darwin)
            return (Int(info.st_size), Int(info.st_mtimespec.tv_sec))
        #else
            return (Int(info.st_size), Int(info.st_mtim.tv_sec))
        #endif
    }
}
