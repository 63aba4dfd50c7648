import Foundation

/// The headers every response carries: CORS per `ALLOWED_ORIGIN` and the security headers.
///
/// Applied by the ``Dispatcher`` so that a fixture replayed by `LocalInvoke` shows exactly the
/// headers a browser would get.
///
/// CORS: with `ALLOWED_ORIGIN` set, a listed origin is reflected with credentials allowed. Unset,
/// any origin is reflected (the frontend's dev set-up needs that) but credentials are never
/// allowed for it, and the opaque origin `null` (sandboxed frames, `file:` pages) is not echoed.
public struct HTTPPolicy: Sendable {
    /// Allowed origins; `nil` allows (reflects) any origin, without credentials.
    public var allowedOrigins: [String]?
    /// Send `Strict-Transport-Security` on every response (`HSTS_ALWAYS`), not only on requests a
    /// trusted proxy received over TLS (which the HTTP adapter marks itself).
    public var strictTransportEverywhere: Bool = false

    /// The `Strict-Transport-Security` value: one year, subdomains included, as the original's handlers.
    public static let strictTransportValue = "max-age=31536000; includeSubDomains"

    /// Headers a preflight allows, as the original's CORS middleware.
    public static let allowedHeaders = "Content-Type,Authorization,X-Amz-Date,X-Api-Key,X-Amz-Security-Token"
    /// Methods a preflight allows.
    public static let allowedMethods = "GET,POST,PUT,DELETE,OPTIONS"

    /// The security headers on every non-preflight response.
    public static let securityHeaders: [(String, String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        // The XSS auditor is gone from browsers and its blocking mode could be abused; 0 turns off what remains.
        ("X-XSS-Protection", "0"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        // The API serves JSON only: nothing in a response may load, run or be framed.
        ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
    ]

    /// - Parameters:
    ///   - allowedOrigins: The parsed `ALLOWED_ORIGIN` list, or `nil` for any origin.
    ///   - strictTransportEverywhere: See ``strictTransportEverywhere``.
    public init(allowedOrigins: [String]? = nil, strictTransportEverywhere: Bool = false) {
        self.allowedOrigins = allowedOrigins
        self.strictTransportEverywhere = strictTransportEverywhere
    }

    /// Parses `ALLOWED_ORIGIN`: comma-separated, trimmed; unset or blank means any origin.
    public init(allowedOriginSetting: String?, strictTransportEverywhere: Bool = false) {
        let origins = (allowedOriginSetting ?? "").split(separator: ",")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        self.init(
            allowedOrigins: origins.isEmpty ? nil : origins, strictTransportEverywhere: strictTransportEverywhere)
    }

    /// Whether a request from `origin` may read responses.
    public func allows(origin: String) -> Bool {
        guard let allowedOrigins else { return origin != "null" }
        return allowedOrigins.contains(origin)
    }

    /// Whether credentialed requests from `origin` may read responses: only a listed origin.
    public func allowsCredentials(origin: String) -> Bool {
        allowedOrigins?.contains(origin) ?? false
    }

    /// The 204 answer to any `OPTIONS` request.
    public func preflight(origin: String?) -> Response {
        var response = Response(statusCode: 204, headers: ["Content-Length": "0"])
        response.headers["Vary"] = "Origin"
        if let origin, allows(origin: origin) {
            response.headers["Access-Control-Allow-Origin"] = origin
            if allowsCredentials(origin: origin) { response.headers["Access-Control-Allow-Credentials"] = "true" }
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
                if allowsCredentials(origin: origin) { response.headers["Access-Control-Allow-Credentials"] = "true" }
            }
        } else if allowedOrigins == nil {
            // No Origin header: not a browser CORS request. `*` matches the original's answer.
            response.headers["Access-Control-Allow-Origin"] = "*"
        }
        if strictTransportEverywhere { response.headers["Strict-Transport-Security"] = Self.strictTransportValue }
        return response
    }
}
