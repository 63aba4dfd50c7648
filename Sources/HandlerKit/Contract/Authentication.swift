/// How a route authenticates its caller, and the exact bodies it answers when that fails.
///
/// The original had four hand-written variants; the bodies differ per route and the frontend
/// reads them, so each route keeps its own while one ``Authenticator`` does the checking.
public struct AuthRequirement: Sendable {
    /// Who may call.
    public enum Level: Sendable {
        case user
        case admin
    }

    public var level: Level
    /// Accept a token without the `Bearer ` prefix (the original's admin routes did).
    public var acceptsRawToken: Bool
    /// No usable `Authorization` header.
    public var missing: HandlerError
    /// A token that is malformed, forged, expired, of the wrong use, or whose session ended.
    public var invalid: HandlerError
    /// A valid user who is not an admin, on an admin route.
    public var forbidden: HandlerError
    /// Whether a check of the same session made moments ago may stand in for reading it again
    /// (``reusingRecentCheck``); never on admin routes.
    public var acceptsRecentCheck = false

    public init(
        level: Level, acceptsRawToken: Bool = false, missing: HandlerError, invalid: HandlerError,
        forbidden: HandlerError = HandlerError(403, "Admin access required", key: "error")
    ) {
        self.level = level
        self.acceptsRawToken = acceptsRawToken
        self.missing = missing
        self.invalid = invalid
        self.forbidden = forbidden
    }

    /// This rule on a read-only route whose handler uses nothing of the caller but its id: the
    /// session check may come from ``RecentSessionChecks`` (a logout on another instance is seen
    /// within its maximum age, `SESSION_CHECK_REUSE_MS`), so a page's burst of reads costs one
    /// session read. Routes that write, or show the user's own fields, keep the fresh check.
    public var reusingRecentCheck: AuthRequirement {
        var requirement = self
        requirement.acceptsRecentCheck = level == .user
        return requirement
    }

    /// The user routes' rule: `401 {<route's error key>: "Unauthorized - invalid or missing token"}`
    /// for any failure.
    public static let user = user(key: nil)

    /// The user routes' rule with the failure under `key` instead of the route's error key (for a
    /// route whose original answered authentication failures under another key than its other errors).
    public static func user(key: String?) -> AuthRequirement {
        let failure = HandlerError(401, "Unauthorized - invalid or missing token", key: key)
        return AuthRequirement(level: .user, missing: failure, invalid: failure)
    }

    /// The admin routes' rule: `Authorization header required` / `Invalid token` / `Admin access required`.
    public static let admin = AuthRequirement(
        level: .admin, acceptsRawToken: true,
        missing: HandlerError(401, "Authorization header required", key: "error"),
        invalid: HandlerError(401, "Invalid token", key: "error"))

    /// The notification-history rule: the admin bodies, any signed-in user.
    public static let userWithAdminBodies = AuthRequirement(
        level: .user, acceptsRawToken: true,
        missing: HandlerError(401, "Authorization header required", key: "error"),
        invalid: HandlerError(401, "Invalid token", key: "error"))

    /// The feedback routes' rule: `Authentication required` / `Invalid token`.
    public static func feedback(_ level: Level) -> AuthRequirement {
        AuthRequirement(
            level: level,
            missing: HandlerError(401, "Authentication required", key: "error"),
            invalid: HandlerError(401, "Invalid token", key: "error"))
    }
}

/// Checks the credentials of a request against a route's ``AuthRequirement``.
public protocol Authenticator: Sendable {
    /// Returns the caller, or throws the requirement's ``HandlerError`` for the failure.
    /// - Parameters:
    ///   - event: The request (its `Authorization` header).
    ///   - requirement: The route's rule and bodies.
    ///   - context: The request context (clock, logger).
    func authenticate(
        _ event: Event, requirement: AuthRequirement, context: HandlerContext
    ) async throws -> Caller
}
