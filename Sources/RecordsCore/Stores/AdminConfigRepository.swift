import Foundation

/// A row of `admin_config`.
public struct AdminConfigEntry: Sendable, Equatable {
    public var key: String
    public var value: String
    public var description: String?
    public var updatedAt: Date?

    public init(key: String, value: String, description: String?, updatedAt: Date?) {
        self.key = key
        self.value = value
        self.description = description
        self.updatedAt = updatedAt
    }
}

/// Reads and writes `admin_config`.
public protocol AdminConfigRepository: Sendable {
    /// The value stored under `key`, or `nil`.
    func value(forKey key: String) async throws -> String?

    /// Every entry, ordered by key.
    func all() async throws -> [AdminConfigEntry]

    /// Inserts or updates an entry; `description` is kept when `nil` is passed.
    func set(key: String, value: String, description: String?, now: Date) async throws
}
