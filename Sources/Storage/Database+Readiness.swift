import RecordsCore

extension Database: ReadinessProbe {
    /// One `SELECT 1` through the pool: a lease that times out (server down, pool exhausted)
    /// surfaces as ``StoreError/unavailable``.
    public func checkReady() async throws {
        try await store.run("SELECT 1")
    }
}
