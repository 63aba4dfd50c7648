import Foundation
import RecordsCore

/// `GET /health`: liveness and which store is in use (R1).
///
/// Deliberately touches no database so that load balancers polling it cost nothing; the store
/// kind is fixed at start-up.
public struct HealthHandler: Handler {
    private let startedAt: ContinuousClock.Instant
    /// The body up to the timestamp and the constant fields after it: load balancers poll this
    /// route often, so only the two changing values are written per request. Keys are in the
    /// sorted order of every other body (`environment`, `services`, `status`, `timestamp`,
    /// `uptime`, `version`).
    private let prefix: String
    private let suffix: String

    /// - Parameters:
    ///   - store: The database behind the repositories.
    ///   - environment: `NODE_ENV`, echoed as the original did (`development` when unset).
    ///   - startedAt: When the process started, for `uptime`.
    ///   - version: The build's version (the original always said `1.0.0`, whatever ran).
    public init(store: StoreKind, environment: String, startedAt: ContinuousClock.Instant, version: String) {
        self.startedAt = startedAt
        suffix = #","version":"# + JSONValue.string(version).jsonText() + "}"
        let services: JSONValue = [
            "backend": "healthy",
            "postgres": .string(store == .postgres ? "configured" : "not_configured"),
            "store": .string(store.rawValue),
        ]
        let environmentText = JSONValue.string(environment).jsonText()
        prefix =
            #"{"environment":\#(environmentText),"services":\#(services.jsonText(sortedKeys: true) ?? "{}"),"#
            + #""status":"OK","timestamp":""#
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let uptime = ContinuousClock.now - startedAt
        let seconds = Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18
        let uptimeText = JSONValue.number(seconds).jsonText()
        let body = prefix + Timestamps.iso8601(context.clock.now) + #"","uptime":"# + uptimeText + suffix
        return Response(statusCode: 200, headers: Response.jsonHeaders, body: body)
    }
}
