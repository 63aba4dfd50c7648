import Foundation
import RecordsCore

/// `GET /health`: liveness and which store is in use (R1).
///
/// Deliberately touches no database so that load balancers polling it cost nothing; the store
/// kind is fixed at start-up.
public struct HealthHandler: Handler {
    private let store: StoreKind
    private let environment: String
    private let startedAt: ContinuousClock.Instant

    /// - Parameters:
    ///   - store: The database behind the repositories.
    ///   - environment: `NODE_ENV`, echoed as the original did (`development` when unset).
    ///   - startedAt: When the process started, for `uptime`.
    public init(store: StoreKind, environment: String, startedAt: ContinuousClock.Instant) {
        self.store = store
        self.environment = environment
        self.startedAt = startedAt
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let uptime = ContinuousClock.now - startedAt
        let seconds = Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18
        return .json(
            200,
            [
                "status": "OK",
                "timestamp": .string(Timestamps.iso8601(context.clock.now)),
                "uptime": .number(seconds),
                "environment": .string(environment),
                "version": "1.0.0",
                "services": [
                    "backend": "healthy",
                    "postgres": .string(store == .postgres ? "configured" : "not_configured"),
                    "store": .string(store.rawValue),
                ],
            ] as JSONValue)
    }
}
