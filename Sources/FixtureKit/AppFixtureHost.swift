import Foundation
import HandlerKit
import Logging
import PushTestServers
import RecordsApp
import RecordsCore
import Storage

/// The real application wired for one fixture file: a fresh SQLite store in a temporary folder,
/// the demo Trackmania world served over HTTP on loopback, fake Discord and ntfy services on
/// loopback (so a channel test never leaves the machine), and the fixture's seed rows.
public struct AppFixtureHost: FixtureHost {
    /// A fresh, empty PostgreSQL database for each fixture instead of the SQLite file: `create` answers
    /// its URL, `drop` removes it once the fixture is done.
    public struct PostgresDatabases: Sendable {
        public var create: @Sendable () async throws -> String
        public var drop: @Sendable (String) async -> Void

        public init(
            create: @escaping @Sendable () async throws -> String, drop: @escaping @Sendable (String) async -> Void
        ) {
            self.create = create
            self.drop = drop
        }
    }

    private let runtime: AppRuntime
    private let push: RunningFakePush
    /// Where the application's mail goes (nothing leaves the process).
    private let mailbox = FixtureMailbox()
    private let dispatcher: Dispatcher
    private let folder: URL
    private let postgres: (databases: PostgresDatabases, url: String)?
    /// Runs the PostgreSQL pool (which serves nothing until it runs); `nil` on SQLite.
    private let pool: Task<Void, Never>?
    /// `preferenceToken.<username>`: a preference link token for each seeded user.
    public let variables: [String: String]

    /// The environment every fixture starts from; a fixture's `setup.environment` adds to it.
    public static func baseEnvironment(fixturesRoot: URL) -> [String: String] {
        [
            "JWT_SECRET": "fixture-secret-0123456789abcdef",
            "NODE_ENV": "test",
            "TRACKMANIA_DEMO_WORLD": fixturesRoot.appendingPathComponent("trackmania/world.json").path,
            // Fixtures make a handful of upstream calls; Nadeo's 2/s etiquette does not apply to the fake.
            "TRACKMANIA_RATE_LIMIT": "1000",
        ]
    }

    /// A ``FixtureHostFactory`` building a fresh application per fixture.
    /// - Parameters:
    ///   - fixturesRoot: The fixtures folder (for the demo world).
    ///   - logger: The logger handed to the application (quiet by default).
    ///   - postgres: Run each fixture on its own PostgreSQL database; `nil` uses a fresh SQLite file.
    public static func factory(fixturesRoot: URL, logger: Logger, postgres: PostgresDatabases? = nil)
        -> FixtureHostFactory
    {
        { setup in
            try await AppFixtureHost(setup: setup, fixturesRoot: fixturesRoot, logger: logger, postgres: postgres)
        }
    }

    init(setup: Fixture.Setup, fixturesRoot: URL, logger: Logger, postgres databases: PostgresDatabases?) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-fixture-\(UUID().uuidString)")
        var environment = Self.baseEnvironment(fixturesRoot: fixturesRoot)
        environment["SQLITE_PATH"] = folder.appendingPathComponent("store.sqlite").path
        if let databases {
            let url = try await databases.create()
            postgres = (databases, url)
            environment["DATABASE_URL"] = url
            environment["JWT_SECRET_ALLOW_SHORT"] = "1"
        } else {
            postgres = nil
        }
        let push: RunningFakePush
        do {
            push = try await FakePushServer.start(logger: logger)
        } catch {
            if let postgres { await postgres.databases.drop(postgres.url) }
            throw error
        }
        self.push = push
        environment["DISCORD_API_URL"] = push.discordAPIURL
        environment["NTFY_URL"] = push.ntfyURL
        environment.merge(setup.environment) { _, fixture in fixture }
        let runtime: AppRuntime
        do {
            let config = try AppConfig(environment: environment)
            runtime = try await AppRuntime.open(config: config, logger: logger, mailer: mailbox)
        } catch {
            await push.stop()
            if let postgres { await postgres.databases.drop(postgres.url) }
            throw error
        }
        self.runtime = runtime
        let pool: Task<Void, Never>? = postgres == nil ? nil : Task { _ = try? await runtime.database.run() }
        self.pool = pool
        do {
            _ = try await runtime.database.migrate(logger: logger)
            let users = try await Self.seed(setup, into: runtime.dependencies)
            variables = try await Self.preferenceTokens(users, deps: runtime.dependencies)
        } catch {
            await runtime.close()
            pool?.cancel()
            await pool?.value
            await push.stop()
            if let postgres { await postgres.databases.drop(postgres.url) }
            throw error
        }
        dispatcher = RouteTable.dispatcher(runtime.dependencies, logger: logger)
    }

    public func dispatch(_ event: Event) async -> Response {
        await dispatcher.dispatch(event)
    }

    public func settle() async {
        await runtime.dependencies.watching.settle()
    }

    public func mail() async -> [MailMessage] {
        await mailbox.sent
    }

    /// Posts the changes to the demo world's control API (its `/_fake/records`), the same world
    /// the application reads Trackmania and TMX from.
    public func changeWorld(_ change: Fixture.WorldChange) async throws {
        guard let live = runtime.demoTrackmania?.configuration.nadeoLiveURL, live.hasSuffix("/live") else {
            throw WorldChangeFailed(description: "the application does not read the demo world")
        }
        try await FakeWorldControl.apply(
            change, baseURL: String(live.dropLast("/live".count)), now: runtime.dependencies.clock.now)
    }

    public func shutdown() async throws {
        await runtime.close()
        pool?.cancel()
        await pool?.value
        await push.stop()
        if let postgres { await postgres.databases.drop(postgres.url) }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Creates the setup's users and `admin_config` rows directly in the store.
    /// A preference link token per seeded user, for fixtures of the preference page.
    static func preferenceTokens(_ users: [String: User], deps: AppDependencies) async throws -> [String: String] {
        guard let links = deps.preferenceLinks else { return [:] }
        var tokens: [String: String] = [:]
        for (name, user) in users {
            let generation = try await deps.repositories.preferences.preferences(userId: user.id).linkGeneration
            tokens["preferenceToken.\(name)"] = links.token(
                userId: user.id, generation: generation, now: deps.clock.now)
        }
        return tokens
    }

    @discardableResult
    static func seed(_ setup: Fixture.Setup, into deps: AppDependencies) async throws -> [String: User] {
        let now = deps.clock.now
        var createdByName: [String: User] = [:]
        for (key, value) in setup.adminConfig.sorted(by: { $0.key < $1.key }) {
            try await deps.repositories.adminConfig.set(key: key, value: value, description: nil, now: now)
        }
        for user in setup.users {
            guard let email = user["email"]?.stringValue, let username = user["username"]?.stringValue,
                let password = user["password"]?.stringValue
            else { throw Fixture.FormatError(description: "setup.users entries need email, username and password") }
            let role = user["role"]?.stringValue.flatMap(UserRole.init(rawValue:)) ?? .user
            let hash = try await deps.hasher.hash(password)
            let new = NewUser(username: username, email: email.lowercased(), passwordHash: hash, role: role)
            let created: User
            if role == .admin {
                created = try await deps.repositories.users.upsertAdmin(new, now: now)
            } else {
                guard
                    case .created(let inserted) = try await deps.repositories.users.register(
                        new, maxUsers: .max, now: now)
                else { throw Fixture.FormatError(description: "setup user \(username) could not be created") }
                created = inserted
            }
            if let tmName = user["tmUsername"]?.stringValue, let accountId = user["tmAccountId"]?.stringValue {
                _ = try await deps.repositories.users.setTrackmaniaIdentity(
                    userId: created.id, tmUsername: tmName, accountId: accountId)
            }
            createdByName[username] = created
        }
        try await seedActivity(setup.activity, users: createdByName, into: deps)
        return createdByName
    }
}
