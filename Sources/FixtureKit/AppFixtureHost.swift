import Foundation
import HandlerKit
import Logging
import RecordsApp
import RecordsCore

/// The real application wired for one fixture file.
public struct AppFixtureHost: FixtureHost {
    private let dispatcher: Dispatcher

    /// The environment every fixture starts from; a fixture's `setup.environment` adds to it.
    public static let baseEnvironment: [String: String] = [
        "JWT_SECRET": "fixture-secret-0123456789abcdef",
        "NODE_ENV": "test",
    ]

    /// A ``FixtureHostFactory`` building a fresh application per fixture.
    /// - Parameter logger: The logger handed to the application (quiet by default).
    public static func factory(logger: Logger) -> FixtureHostFactory {
        { setup in try await AppFixtureHost(setup: setup, logger: logger) }
    }

    init(setup: Fixture.Setup, logger: Logger) async throws {
        let environment = Self.baseEnvironment.merging(setup.environment) { _, fixture in fixture }
        let config = try AppConfig(environment: environment)
        let deps = AppDependencies(config: config, storeKind: .sqlite)
        dispatcher = RouteTable.dispatcher(deps, logger: logger)
    }

    public func dispatch(_ event: Event) async -> Response {
        await dispatcher.dispatch(event)
    }

    public func shutdown() async throws {}
}
