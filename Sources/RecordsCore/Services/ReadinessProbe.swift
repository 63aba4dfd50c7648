/// Answers whether this instance can serve requests that need its dependencies (the database),
/// for a load balancer's readiness check. Liveness (`/health`) deliberately checks nothing.
public protocol ReadinessProbe: Sendable {
    /// Returns when the dependencies answer; throws (e.g. ``StoreError/unavailable``) when they do not.
    func checkReady() async throws
}
