import HandlerKit

/// A fresh server for one fixture file: its own empty embedded store and route table.
public protocol FixtureHost: Sendable {
    /// Answers one event through the same dispatcher the HTTP adapter uses.
    func dispatch(_ event: Event) async -> Response
    /// Releases the store and any helper services.
    func shutdown() async throws
}

/// Builds a ``FixtureHost`` for a fixture's setup (its seed rows and environment).
public typealias FixtureHostFactory = @Sendable (Fixture.Setup) async throws -> any FixtureHost
