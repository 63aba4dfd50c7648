import RecordsCore

/// `GET /health/ready`: whether this instance can serve database-backed requests, for a load
/// balancer. 200 `{"status":"ready",…}` or 503 `{"status":"unavailable",…}`; `/health` stays the
/// original's liveness answer and touches nothing.
public struct ReadinessHandler: Handler {
    private let probe: any ReadinessProbe

    /// - Parameter probe: Checks the database (a `SELECT 1` through the pool).
    public init(probe: any ReadinessProbe) {
        self.probe = probe
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        do {
            try await probe.checkReady()
        } catch {
            // Any failure means "not ready"; the reason stays in the log, never in the body.
            context.logger.warning("readiness check failed", metadata: ["error-type": .string("\(type(of: error))")])
            return .json(503, ["status": "unavailable", "checks": ["database": "unreachable"]] as JSONValue)
        }
        return .json(200, ["status": "ready", "checks": ["database": "ok"]] as JSONValue)
    }
}
