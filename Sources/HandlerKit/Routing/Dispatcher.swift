import Foundation
import Logging
import RecordsCore

/// The one path every request takes, from the HTTP adapter and from `LocalInvoke` alike:
/// preflight, routing, body normalisation, authentication, the handler, error mapping, headers.
///
/// It never throws: every failure becomes a response here, expected ones with their own status and
/// the route's error key, unexpected ones as `500 {"msg":"Internal server error"}` with the
/// details only in the log.
public struct Dispatcher: Sendable {
    public let router: Router
    public let policy: HTTPPolicy
    public let authenticator: (any Authenticator)?
    public let clock: any WallClock
    public let logger: Logger
    /// Counts requests by route template, method and status, with their latency.
    public let metrics: RecordsMetrics

    /// - Parameters:
    ///   - routes: The route table.
    ///   - policy: CORS and security headers.
    ///   - authenticator: Checks callers of routes that declare an ``AuthRequirement``.
    ///   - clock: The clock handed to handlers.
    ///   - logger: The base logger; each request adds `request-id`.
    ///   - metrics: Counts requests; the composition root passes its recorder, tests and benchmarks
    ///     leave it off.
    public init(
        routes: [Route], policy: HTTPPolicy, authenticator: (any Authenticator)?, clock: any WallClock,
        logger: Logger, metrics: RecordsMetrics = .disabled
    ) {
        self.router = Router(routes: routes)
        self.policy = policy
        self.authenticator = authenticator
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
    }

    /// Answers one request.
    /// - Parameter event: The request. Its `requestContext.requestId` is used when present.
    /// - Returns: The response, headers included.
    public func dispatch(_ event: Event) async -> Response {
        guard metrics.isEnabled else { return await answer(event).response }
        let start = ContinuousClock.now
        let (response, template) = await answer(event)
        metrics.httpRequest(
            method: event.httpMethod, route: template ?? RecordsMetrics.unmatchedRoute, status: response.statusCode,
            duration: .now - start)
        return response
    }

    /// The response and the matched route's template (`nil` when none matched), for ``dispatch(_:)``.
    private func answer(_ event: Event) async -> (response: Response, template: String?) {
        let origin = event.header("Origin")
        if Self.isMethod(event.httpMethod, "OPTIONS") {
            return (policy.preflight(origin: origin), router.anyMatch(path: event.path)?.template)
        }
        let requestId = event.requestContext.requestId ?? UUID().uuidString.lowercased()
        // The request's own logger is built only when something is logged (see HandlerContext.logger).
        var context = HandlerContext(requestId: requestId, logger: logger, clock: clock)

        guard let match = router.match(method: event.httpMethod, path: event.path) else {
            context.logger.debug("no route", metadata: ["method": .string(event.httpMethod)])
            return unrouted(event, origin: origin)
        }
        let route = match.route
        let response: Response
        do {
            response = try await run(route, match: match, event: event, context: &context)
        } catch let error as HandlerError {
            response = error.response(routeKey: route.errorKey)
        } catch StoreError.unavailable {
            context.logger.warning("database unavailable", metadata: ["route": .string(route.template)])
            response = HandlerError.unavailable.response(routeKey: route.errorKey)
        } catch let error as TrackmaniaError {
            context.logger.warning(
                "Trackmania call failed",
                metadata: ["route": .string(route.template), "failure": .string(error.diagnosticCode)])
            response = UpstreamFailure.response(error).response(routeKey: route.errorKey)
        } catch {
            // Type and code only: an error's text may quote request data or database rows.
            context.logger.error(
                "unexpected error",
                metadata: [
                    "route": .string(route.template), "error-type": .string(ErrorDiagnostics.type(of: error)),
                    "error-code": .string(ErrorDiagnostics.code(of: error)),
                ])
            response = .message(500, key: "msg", "Internal server error")
        }
        var final = policy.decorate(response, origin: origin)
        for (name, value) in route.headers { final.setHeader(name, value) }
        if Self.isMethod(event.httpMethod, "HEAD") { final.body = nil }
        return (final, route.template)
    }

    /// The answer to a request no route serves: `405` with `Allow` when the path is known under other
    /// methods (RFC 9110 §15.5.6), otherwise the original's `404 {"error":"Not found"}`.
    ///
    /// The 405 comes before authentication, as routing does, so it reveals no more than the API
    /// description already publishes; its message goes under the first matching route's error key.
    private func unrouted(_ event: Event, origin: String?) -> (response: Response, template: String?) {
        guard let allowed = router.allowedMethods(path: event.path) else {
            return (policy.decorate(.message(404, key: "error", "Not found"), origin: origin), nil)
        }
        var response = policy.decorate(
            .message(405, key: allowed.route.errorKey, "Method not allowed"), origin: origin)
        response.setHeader("Allow", allowed.allow)
        for (name, value) in allowed.route.headers { response.setHeader(name, value) }
        if Self.isMethod(event.httpMethod, "HEAD") { response.body = nil }
        return (response, allowed.route.template)
    }

    /// Compares an HTTP method case-insensitively without allocating (`uppercased()` did, twice per request).
    static func isMethod(_ method: String, _ name: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
        return method.utf8.count == expected.count
            && zip(method.utf8, expected).allSatisfy { $0 == $1 || $0 == $1 | 0x20 }
    }

    /// A response for a request the adapter refused before it became an event (e.g. a body over
    /// the size limit), with the matched route's error key and the usual headers.
    public func rejection(method: String, path: String, origin: String?, status: Int, message: String) -> Response {
        let key = router.match(method: method, path: path)?.route.errorKey ?? router.anyMatch(path: path)?.errorKey
        return policy.decorate(.message(status, key: key ?? "error", message), origin: origin)
    }

    private func run(
        _ route: Route, match: Router.Match, event: Event, context: inout HandlerContext
    ) async throws -> Response {
        var event = event
        for (name, raw) in match.rawParameters {
            guard let decoded = Router.decodeParameter(raw) else {
                throw HandlerError.badRequest("Invalid path parameter: \(name)")
            }
            event.pathParameters[name] = decoded
        }
        event.resource = route.template
        event.requestContext.requestId = context.requestId
        if let requirement = route.auth {
            guard let authenticator else { throw MissingCallerError() }
            context.caller = try await authenticator.authenticate(event, requirement: requirement, context: context)
        }
        context.body = try route.parsesBody ? BodyParser.parse(event) : RequestBody()
        return try await route.handler.handle(event, context: context)
    }
}
