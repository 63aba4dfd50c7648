import RecordsCore

/// An expected failure: a client error or a known service condition, answered as JSON.
///
/// Handlers throw it; the ``Dispatcher`` turns it into a ``Response`` in one place, putting the
/// message under the route's error key (`msg`, `error` or `message`) unless ``key`` overrides it.
public struct HandlerError: Error, Sendable, Equatable {
    /// The HTTP status (4xx, or 503 for an unavailable dependency).
    public var status: Int
    /// The text shown to the client. Never an internal error description.
    public var message: String
    /// The JSON key for ``message``; `nil` means the route's error key.
    public var key: String?
    /// More members of the body after the message (e.g. `retryAfter`).
    public var extra: JSONObject
    /// Headers to add to the response (e.g. `Retry-After`).
    public var headers: [String: String]

    public init(
        _ status: Int, _ message: String, key: String? = nil, extra: JSONObject = JSONObject(),
        headers: [String: String] = [:]
    ) {
        self.status = status
        self.message = message
        self.key = key
        self.extra = extra
        self.headers = headers
    }

    /// 400 with the route's error key.
    public static func badRequest(_ message: String) -> HandlerError { HandlerError(400, message) }

    /// 404 with the route's error key.
    public static func notFound(_ message: String) -> HandlerError { HandlerError(404, message) }

    /// 503 `{"error":"Service temporarily unavailable"}`: the database or an upstream is down.
    public static let unavailable = HandlerError(503, "Service temporarily unavailable", key: "error")

    /// The response body and headers for this error under `routeKey`.
    public func response(routeKey: String) -> Response {
        var object = JSONObject([(key ?? routeKey, .string(message))])
        for member in extra.members { object[member.key] = member.value }
        var response = Response.json(status, JSONValue.object(object))
        for (name, value) in headers { response.setHeader(name, value) }
        return response
    }
}
