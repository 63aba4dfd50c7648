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

    /// - Parameters:
    ///   - routes: The route table.
    ///   - policy: CORS and security headers.
    ///   - authenticator: Checks callers of routes that declare an ``AuthRequirement``.
    ///   - clock: The clock handed to handlers.
    ///   - logger: The base logger; each request adds `request-id`.
    public init(
        routes: [Route], policy: HTTPPolicy, authenticator: (any Authenticator)?, clock: any WallClock,
        logger: Logger
    ) {
        self.router = Router(routes: routes)
        self.policy = policy
        self.authenticator = authenticator
        self.clock = clock
        self.logger = logger
    }

    /// Answers one request.
    /// - Parameter event: The request. Its `requestContext.requestId` is used when present.
    /// - Returns: The response, headers included.
    public func dispatch(_ event: Event) async -> Response {
        let origin = event.header("Origin")
        if event.httpMethod.uppercased() == "OPTIONS" {
            return policy.preflight(origin: origin)
        }
        let requestId = event.requestContext.requestId ?? UUID().uuidString.lowercased()
        var logger = self.logger
        logger[metadataKey: "request-id"] = .string(requestId)

        guard let match = router.match(method: event.httpMethod, path: event.path) else {
            logger.debug("no route", metadata: ["method": .string(event.httpMethod)])
            return policy.decorate(.message(404, key: "error", "Not found"), origin: origin)
        }
        let route = match.route
        let response: Response
        do {
            response = try await run(route, match: match, event: event, requestId: requestId, logger: logger)
        } catch let error as HandlerError {
            response = error.response(routeKey: route.errorKey)
        } catch StoreError.unavailable {
            logger.warning("database unavailable", metadata: ["route": .string(route.template)])
            response = HandlerError.unavailable.response(routeKey: route.errorKey)
        } catch {
            logger.error(
                "unexpected error",
                metadata: ["route": .string(route.template), "error": .string(String(reflecting: error))])
            response = .message(500, key: "msg", "Internal server error")
        }
        var final = policy.decorate(response, origin: origin)
        for (name, value) in route.headers { final.setHeader(name, value) }
        if event.httpMethod.uppercased() == "HEAD" { final.body = nil }
        return final
    }

    /// A response for a request the adapter refused before it became an event (e.g. a body over
    /// the size limit), with the matched route's error key and the usual headers.
    public func rejection(method: String, path: String, origin: String?, status: Int, message: String) -> Response {
        let key = router.match(method: method, path: path)?.route.errorKey ?? router.anyMatch(path: path)?.errorKey
        return policy.decorate(.message(status, key: key ?? "error", message), origin: origin)
    }

    private func run(
        _ route: Route, match: Router.Match, event: Event, requestId: String, logger: Logger
    ) async throws -> Response {
        var event = event
        for (name, raw) in match.rawParameters {
            guard let decoded = Router.decodeParameter(raw) else {
                throw HandlerError.badRequest("Invalid path parameter: \(name)")
            }
            event.pathParameters[name] = decoded
        }
        event.resource = route.template
        event.requestContext.requestId = requestId
        var context = HandlerContext(requestId: requestId, logger: logger, clock: clock)
        if let requirement = route.auth {
            guard let authenticator else { throw MissingCallerError() }
            context.caller = try await authenticator.authenticate(event, requirement: requirement, context: context)
        }
        context.body = try BodyParser.parse(event)
        return try await route.handler.handle(event, context: context)
    }
}
