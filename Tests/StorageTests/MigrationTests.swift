import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    @Suite struct MigrationTests {
        static let allMigrations = [
            "0001_login_sessions", "0002_unique_user_identity", "0003_record_baselines", "0004_digest_items",
            "0005_daily_runs", "0006_display_names", "0007_rate_limit_events", "0008_map_search_job_claims",
            "0009_session_refresh_rotation", "0011_trackmania_pace", "0012_map_search_job_owner", "0013_site_counters",
            "0015_map_checks", "0016_user_preferences", "0017_push_deliveries", "0019_history_user_day",
            "0020_news_freshness", "0021_watch_leases",
            "0030_self_help",
        ]

        @Test(arguments: Backend.testable)
        func freshDatabaseGetsEverythingOnceOnly(backend: Backend) async throws {
            try await TestDatabase.with(backend, migrate: false) { db in
                let first = try await db.migrate(logger: TestDatabase.logger)
                #expect(first == ["init"] + Self.allMigrations)
                #expect(try await db.migrate(logger: TestDatabase.logger).isEmpty)
                #expect(try await db.appliedMigrations() == Self.allMigrations)
                #expect(try await db.repositories.adminConfig.value(forKey: "max_users_registration") == "200")
            }
        }

        @Test(arguments: Backend.testable)
        func concurrentMigratorsApplyEachMigrationOnce(backend: Backend) async throws {
            try await TestDatabase.with(backend, migrate: false) { db in
                let results = try await withThrowingTaskGroup(of: [String].self) { group in
                    for _ in 0..<3 { group.addTask { try await db.migrate(logger: TestDatabase.logger) } }
                    return try await group.reduce(into: [String]()) { $0 += $1 }
                }
                #expect(results.sorted() == (["init"] + Self.allMigrations).sorted())
            }
        }

        /// A database made by the original: its tables plus seed rows, here with the duplicates the
        /// original's racy registration could leave behind.
        @Test(arguments: Backend.testable)
        func originalDatabaseWithDuplicatesIsReportedNotBroken(backend: Backend) async throws {
            try await TestDatabase.with(
                backend, migrate: false,
                prepare: { db in
                    for statement in try SchemaFiles.initStatements(for: db.kind) {
                        try await db.execute(statement)
                    }
                    try await db.execute(
                        """
                        INSERT INTO users (username, email, password, role)
                        VALUES ('teh_macho', 'admin@example.com', ' ', 'admin'),
                               ('twin', 'twin@example.com', 'h', 'user'),
                               ('twin', 'Other@example.com', 'h', 'user'),
                               ('solo', 'OTHER@example.com', 'h', 'user')
                        """)
                    try await db.execute(
                        "INSERT INTO alerts (user_id, username, email) VALUES (1, 'teh_macho', 'admin@example.com')")
                }
            ) { db in
                let applied = try await db.migrate(logger: TestDatabase.logger)
                #expect(!applied.contains("init"))
                #expect(applied == Self.allMigrations.filter { $0 != "0002_unique_user_identity" })
                // The original's rows are intact and usable through the repositories.
                #expect(try await db.repositories.users.count() == 4)
                let alerts = try await db.repositories.alerts.alerts(userId: 1)
                #expect(alerts.first?.recordFilter == .top5)
                #expect(try await db.repositories.adminConfig.value(forKey: "max_users_registration") == "200")
                // Sessions (a migration of ours) work although the unique indexes are still pending.
                let admin = try #require(try await db.repositories.users.user(id: 1))
                try await db.repositories.sessions.create(
                    LoginSession(
                        id: "s", userId: admin.id, createdAt: TestClock.base, expiresAt: TestClock.at(60),
                        lastAccessedAt: TestClock.base, userAgent: nil, ipAddress: nil))
                #expect(try await db.repositories.sessions.activeSession(id: "s", now: TestClock.base)?.user.id == 1)

                // Running again still reports and skips; once the data is fixed the migration goes in.
                #expect(try await db.migrate(logger: TestDatabase.logger).isEmpty)
                try await db.execute("UPDATE users SET username = 'twin2' WHERE email = 'Other@example.com'")
                try await db.execute("UPDATE users SET email = 'solo@example.com' WHERE username = 'solo'")
                #expect(try await db.migrate(logger: TestDatabase.logger) == ["0002_unique_user_identity"])
                await #expect(throws: StoreError.self) {
                    try await db.execute(
                        "INSERT INTO users (username, email, password) VALUES ('twin', 'n@e.com', 'p')")
                }
            }
        }

        /// `sql/` is the operators' path to the schema (`psql -f sql/init.sql`): links into the one copy
        /// the `Storage` target ships, so a migration is written once per database kind.
        @Test func operatorPathsLinkToTheBundledSchema() throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent()
            let resources = root.appendingPathComponent("Sources/Storage/SQL")
            let links = [
                "sql/init.sql": "postgres/init.sql", "sql/migrations": "postgres/migrations", "sql/sqlite": "sqlite",
            ]
            for (link, target) in links {
                let path = root.appendingPathComponent(link).path
                // Throws unless `link` is a symbolic link (a copy would drift).
                _ = try FileManager.default.destinationOfSymbolicLink(atPath: path)
                #expect(
                    URL(fileURLWithPath: path).resolvingSymlinksInPath().path
                        == resources.appendingPathComponent(target).resolvingSymlinksInPath().path, "\(link)")
            }
            #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("sql/init.sql").path))
            for kind in [StoreKind.postgres, .sqlite] {
                let bundledMigrations = try FileManager.default.contentsOfDirectory(
                    atPath: try SchemaFiles.directory(for: kind).appendingPathComponent("migrations").path
                ).sorted()
                #expect(bundledMigrations == Self.allMigrations.map { "\($0).sql" })
            }
        }

        @Test func scriptSplitterKeepsStatementsWhole() {
            let statements = SQLScript.statements(
                """
                -- comment; with a semicolon
                CREATE TABLE a (
                    id INTEGER -- trailing words
                );

                INSERT INTO a VALUES (1);
                SELECT 2
                """)
            #expect(statements.count == 3)
            #expect(statements[0].hasPrefix("CREATE TABLE a ("))
            #expect(statements[1] == "INSERT INTO a VALUES (1)")
            #expect(statements[2] == "SELECT 2")
        }
    }
}
