import Foundation

/// Matches requests to routes the way Express 4 did: case-insensitive, optional trailing slash,
/// `HEAD` served by `GET`, parameters matching any single non-empty segment.
public struct Router: Sendable {
    /// The result of a successful match.
    public struct Match: Sendable {
        public var route: Route
        /// Parameter values, still percent-encoded.
        public var rawParameters: [String: String]
    }

    private let routes: [Route]
    /// The positions in `routes` of the routes of each method and segment count, in table order:
    /// a request is compared only with templates that could match it.
    private let candidates: [Shape: [Int]]

    /// The positions in `routes` of the routes of each segment count, any method: only a request that
    /// matched no route looks here (for a 405's `Allow`), so a served request never pays for it.
    private let candidatesBySegments: [Int: [Int]]

    private struct Shape: Hashable {
        var method: String
        var segments: Int
    }

    /// Creates a router over `routes`; earlier routes win when templates overlap.
    public init(routes: [Route]) {
        self.routes = routes
        var candidates: [Shape: [Int]] = [:]
        var bySegments: [Int: [Int]] = [:]
        for (position, route) in routes.enumerated() {
            candidates[Shape(method: route.method, segments: route.segments.count), default: []].append(position)
            bySegments[route.segments.count, default: []].append(position)
        }
        self.candidates = candidates
        self.candidatesBySegments = bySegments
    }

    /// Every route, in table order.
    public var allRoutes: [Route] { routes }

    /// The route for `method` and `path`, or `nil` (a 404).
    public func match(method: String, path: String) -> Match? {
        let upper =
            method.utf8.allSatisfy { !(UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) }
            ? method : method.uppercased()
        let method = upper == "HEAD" ? "GET" : upper
        let parts = Self.pathSegments(path)
        for position in candidates[Shape(method: method, segments: parts.count)] ?? [] {
            if let parameters = Self.bind(routes[position].segments, to: parts) {
                return Match(route: routes[position], rawParameters: parameters)
            }
        }
        return nil
    }

    /// The route matching `path` with any method (to pick an error key for early rejections).
    public func anyMatch(path: String) -> Route? {
        let parts = Self.pathSegments(path)
        for position in candidatesBySegments[parts.count] ?? []
        where Self.bind(routes[position].segments, to: parts) != nil {
            return routes[position]
        }
        return nil
    }

    /// The methods served at `path`, for a request whose method matched no route there.
    ///
    /// - Returns: `nil` when no route matches the path at all (a 404); otherwise the first matching
    ///   route (its error key answers the 405) and the value of the `Allow` header: the routes'
    ///   methods, `HEAD` beside `GET` (``match(method:path:)`` serves it) and `OPTIONS` (the CORS
    ///   preflight, answered on every path), in a fixed order.
    public func allowedMethods(path: String) -> (route: Route, allow: String)? {
        let parts = Self.pathSegments(path)
        var first: Route?
        var methods: Set<String> = []
        for position in candidatesBySegments[parts.count] ?? []
        where Self.bind(routes[position].segments, to: parts) != nil {
            first = first ?? routes[position]
            methods.insert(routes[position].method)
        }
        guard let first else { return nil }
        if methods.contains("GET") { methods.insert("HEAD") }
        methods.insert("OPTIONS")
        let order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
        let listed = order.filter(methods.contains) + methods.subtracting(order + ["OPTIONS"]).sorted() + ["OPTIONS"]
        return (first, listed.joined(separator: ", "))
    }

    static func pathSegments(_ path: String) -> [Substring] {
        let withoutQuery = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        var parts = Array(withoutQuery.split(separator: "/", omittingEmptySubsequences: false).dropFirst())
        // One trailing slash is optional, as in Express; inner empty segments never match.
        if parts.last?.isEmpty == true { parts.removeLast() }
        return parts
    }

    /// Whether `part` equals the lower-case `literal` ignoring ASCII case, without allocating
    /// (route literals are ASCII; this runs for every candidate route of every request).
    private static func equalsIgnoringASCIICase(_ part: Substring, _ literal: String) -> Bool {
        part.utf8.elementsEqual(literal.utf8) { byte, expected in
            byte == expected || ((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) && byte | 0x20 == expected)
        }
    }

    private static func bind(_ segments: [Route.Segment], to parts: [Substring]) -> [String: String]? {
        guard segments.count == parts.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal):
                guard equalsIgnoringASCIICase(part, literal) else { return nil }
            case .parameter(let name):
                guard !part.isEmpty else { return nil }
                parameters[name] = String(part)
            }
        }
        return parameters
    }
}

extension Router {
    /// Percent-decodes a path parameter.
    /// - Returns: The decoded text, or `nil` when the encoding is invalid or holds a NUL or `/`.
    public static func decodeParameter(_ raw: String) -> String? {
        guard let decoded = raw.removingPercentEncoding else { return nil }
        if decoded.contains("\0") || decoded.contains("/") { return nil }
        return decoded
    }
}
