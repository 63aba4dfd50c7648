/// Runs work after the request that asked for it has been answered (the original's `setImmediate`),
/// owned by the application so shutdown can wait for it instead of cutting it off.
public protocol BackgroundWork: Sendable {
    /// Starts `work`; failures are logged by the implementation under `name`, never thrown to the caller.
    func start(_ name: String, _ work: @escaping @Sendable () async throws -> Void)
}
