import HandlerKit
import RecordsCore

/// A fresh server for one fixture file: its own empty embedded store and route table.
public protocol FixtureHost: Sendable {
    /// Answers one event through the same dispatcher the HTTP adapter uses.
    func dispatch(_ event: Event) async -> Response
    /// Releases the store and any helper services.
    func shutdown() async throws
    /// Finishes the work requests left running in the background (queued map searches, alert
    /// baselines); a step with `"settle": true` waits for it before its request.
    func settle() async
    /// Variables the host offers every step before any capture (e.g. each seeded user's
    /// preference link token as `preferenceToken.<username>`).
    var variables: [String: String] { get }
    /// Every message the application handed to its mailer so far, oldest first.
    func mail() async -> [MailMessage]
    /// Makes a step's changes to the fake Trackmania world before its request.
    func changeWorld(_ change: Fixture.WorldChange) async throws
}

extension FixtureHost {
    /// Hosts without background work have nothing to finish.
    public func settle() async {}
    /// Hosts without seeded variables offer none.
    public var variables: [String: String] { [:] }
    /// Hosts that send no mail have none.
    public func mail() async -> [MailMessage] { [] }
    /// Hosts without a fake world cannot change it.
    public func changeWorld(_ change: Fixture.WorldChange) async throws {
        throw WorldChangeFailed(description: "this host has no fake Trackmania world")
    }
}

/// Builds a ``FixtureHost`` for a fixture's setup (its seed rows and environment).
public typealias FixtureHostFactory = @Sendable (Fixture.Setup) async throws -> any FixtureHost
