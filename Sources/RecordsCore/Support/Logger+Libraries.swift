import Logging

extension Logger {
    /// This logger as handed to a third-party library (the database drivers, the HTTP client): never
    /// below `debug`.
    ///
    /// At `trace` those libraries dump their protocol traffic: PostgresNIO the frontend and backend
    /// messages (every SQL bind and result row: password hashes, emails, access tokens, webhook URLs),
    /// AsyncHTTPClient each response part (OAuth token answers). No log level of ours may show those
    /// (docs/security.md), so `LOG_LEVEL=trace` traces our own code and leaves theirs at `debug`.
    public var forLibraries: Logger {
        var copy = self
        if copy.logLevel < .debug { copy.logLevel = .debug }
        return copy
    }
}
