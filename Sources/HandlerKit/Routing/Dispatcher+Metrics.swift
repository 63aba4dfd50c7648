import Logging
import RecordsCore

extension Dispatcher {
    /// A dispatcher that counts its requests: the composition root's, which passes the recorder here so
    /// it cannot be forgotten (the plain initializer leaves metrics off, for tests and benchmarks).
    /// - Parameters:
    ///   - routes: The route table.
    ///   - policy: CORS and security headers.
    ///   - authenticator: Checks callers of routes that declare an ``AuthRequirement``.
    ///   - clock: The clock handed to handlers.
    ///   - logger: The base logger; each request adds `request-id`.
    ///   - metrics: Counts requests by route template, method and status, with their latency.
    public init(
        routes: [Route], policy: HTTPPolicy, authenticator: (any Authenticator)?, clock: any WallClock,
        logger: Logger, metrics: RecordsMetrics
    ) {
        self.init(routes: routes, policy: policy, authenticator: authenticator, clock: clock, logger: logger)
        self.metrics = metrics
    }
}
