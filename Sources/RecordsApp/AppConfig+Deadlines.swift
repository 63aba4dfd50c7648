import Storage

extension AppConfig {
    /// How long the server waits before it gives up: on one database call, and on in-flight requests
    /// after SIGTERM. Together they bound every request and the stop (`docs/deploy.md`, "Bounds").
    public struct Deadlines: Sendable, Equatable {
        /// `PG_STATEMENT_TIMEOUT_SECONDS` (default 10): how long a leased PostgreSQL connection may be
        /// used (one statement, or one transaction) before the request gets a 503 and the connection
        /// is closed. Added to the 5 s lease wait, it bounds every database call.
        public var statementTimeout: Duration
        /// `SHUTDOWN_DRAIN_SECONDS` (default 20): after SIGTERM/SIGINT, how long in-flight requests
        /// and services may take to finish before they are cancelled.
        public var shutdownDrain: Duration
        /// How long cancellation may take after the drain before the process aborts: the last resort
        /// that keeps a stop bounded even if some code ignores cancellation.
        public static let cancellationGrace: Duration = .seconds(5)

        /// The given deadlines.
        public init(statementTimeout: Duration, shutdownDrain: Duration) {
            self.statementTimeout = statementTimeout
            self.shutdownDrain = shutdownDrain
        }

        /// Reads the section.
        /// - Throws: ``AppConfig/Invalid`` naming the first bad setting.
        public init(reader: ConfigReader) throws {
            let defaultStatement = Int(Database.defaultStatementTimeout.components.seconds)
            statementTimeout = .seconds(
                try reader.integer("PG_STATEMENT_TIMEOUT_SECONDS", default: defaultStatement, range: 1...3600))
            shutdownDrain = .seconds(try reader.integer("SHUTDOWN_DRAIN_SECONDS", default: 20, range: 1...3600))
        }
    }
}
