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

    struct Body: Encodable {
        struct Services: Encodable {
            var backend: String
            var postgres: String
            var store: String
        }
        var status: String
        var timestamp: String
        var uptime: Double
        var environment: String
        var version: String
        var services: Services
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let uptime = ContinuousClock.now - startedAt
        let seconds = Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18
        return .json(
            200,
            Body(
                status: "OK",
                timestamp: Timestamps.iso8601(context.clock.now),
                uptime: seconds,
                environment: environment,
                version: "1.0.0",
                services: .init(
                    backend: "healthy",
                    postgres: store == .postgres ? "configured" : "not_configured",
                    store: store.rawValue)))
    }
}
