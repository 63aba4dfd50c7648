import Foundation

/// The headers every response carries: CORS per `ALLOWED_ORIGIN` and the security headers.
///
/// Applied by the ``Dispatcher`` so that a fixture replayed by `LocalInvoke` shows exactly the
/// headers a browser would get.
public struct HTTPPolicy: Sendable {
    /// Allowed origins; `nil` allows (reflects) any origin, as the original did when unset.
    public var allowedOrigins: [String]?

    /// Headers a preflight allows, as the original's CORS middleware.
    public static let allowedHeaders = "Content-Type,Authorization,X-Amz-Date,X-Api-Key,X-Amz-Security-Token"
    /// Methods a preflight allows.
    public static let allowedMethods = "GET,POST,PUT,DELETE,OPTIONS"

    /// The security headers on every non-preflight response.
    public static let securityHeaders: [(String, String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("X-XSS-Protection", "1; mode=block"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ]

    /// - Parameter allowedOrigins: The parsed `ALLOWED_ORIGIN` list, or `nil` for any origin.
    public init(allowedOrigins: [String]? = nil) {
        self.allowedOrigins = allowedOrigins
    }

    /// Parses `ALLOWED_ORIGIN`: comma-separated, trimmed; unset or blank means any origin.
    public init(allowedOriginSetting: String?) {
        let origins = (allowedOriginSetting ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        self.init(allowedOrigins: origins.isEmpty ? nil : origins)
    }

    /// Whether a request from `origin` may read responses.
    public func allows(origin: String) -> Bool {
        guard let allowedOrigins else { return true }
        return allowedOrigins.contains(origin)
    }

    /// The 204 answer to any `OPTIONS` request.
    public func preflight(origin: String?) -> Response {
        var response = Response(statusCode: 204, headers: ["Content-Length": "0"])
        response.headers["Vary"] = "Origin"
        if let origin, allows(origin: origin) {
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Credentials"] = "true"
        }
        response.headers["Access-Control-Allow-Methods"] = Self.allowedMethods
        response.headers["Access-Control-Allow-Headers"] = Self.allowedHeaders
        return response
    }

    /// Adds CORS and security headers to a handler's (or an error's) response.
    public func decorate(_ response: Response, origin: String?) -> Response {
        var response = response
        // Handlers never set these, so plain assignment (no case-insensitive scan) is enough.
        for (name, value) in Self.securityHeaders { response.headers[name] = value }
        if let origin {
            response.headers["Vary"] = "Origin"
            if allows(origin: origin) {
                response.headers["Access-Control-Allow-Origin"] = origin
                response.headers["Access-Control-Allow-Credentials"] = "true"
            }
        } else if allowedOrigins == nil {
            // No Origin header: not a browser CORS request. `*` matches the original's answer.
            response.headers["Access-Control-Allow-Origin"] = "*"
        }
        return response
    }
}
