/// One entry of the route table: method and path template to a handler.
public struct Route: Sendable {
    /// `Strict-Transport-Security` as the original's login, register and search handlers sent it.
    public static let strictTransport = ["Strict-Transport-Security": "max-age=31536000; includeSubDomains"]

    /// Upper-case HTTP method. `HEAD` requests are served by the `GET` route.
    public var method: String
    /// A path such as `/api/v1/users/alerts/:id`; `:name` segments capture one non-empty segment.
    public var template: String
    /// The key under which this route's error messages go: `error` (most routes, the default), `msg`
    /// or `message`, as the original answered each route.
    public var errorKey: String
    /// The authentication the route needs, or `nil` for a public route.
    public var auth: AuthRequirement?
    /// The operation.
    public var handler: any Handler
    /// Headers added to every response of this route, errors included (the original's handlers
    /// set `Strict-Transport-Security` on some routes).
    public var headers: [String: String]
    /// Whether the dispatcher parses the body for the handler (a route that must accept any body,
    /// such as RFC 8058's one-click unsubscribe, turns it off and gets an empty ``RequestBody``).
    public var parsesBody = true

    /// Template segments, lower-cased for case-insensitive matching; `nil` marks a parameter.
    let segments: [Segment]

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    public init(
        _ method: String, _ template: String, errorKey: String = "error", auth: AuthRequirement? = nil,
        headers: [String: String] = [:], handler: any Handler
    ) {
        self.method = method.uppercased()
        self.template = template
        self.errorKey = errorKey
        self.auth = auth
        self.handler = handler
        self.headers = headers
        self.segments = template.split(separator: "/").map { part in
            part.hasPrefix(":") ? .parameter(String(part.dropFirst())) : .literal(part.lowercased())
        }
    }
}
