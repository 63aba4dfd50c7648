/// A lock shared by every server instance on one database (a PostgreSQL advisory lock) or by every
/// process on one SQLite file, e.g. so that only one daily run executes at a time.
public protocol NamedLock: Sendable {
    /// Runs `body` only if the lock `name` could be taken right away, and releases it afterwards.
    /// - Returns: The body's result, or `nil` when someone else holds the lock.
    func withLock<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T?
}
