/// Failures of a store that callers are expected to handle.
///
/// Anything else a repository throws is unexpected and ends as a 500.
public enum StoreError: Error, Sendable, Equatable {
    /// A unique constraint refused the write; the associated value names the constraint or column.
    case uniqueViolation(String)
    /// The database cannot be reached right now (connection lost, pool exhausted, server down).
    /// Handlers answer 503 and the pool reconnects on its own.
    case unavailable
}

/// Which database backs the repositories.
public enum StoreKind: String, Sendable {
    case postgres
    case sqlite
}

extension StoreError: DiagnosticCodeProviding {
    /// The case and, for a unique violation, the constraint's name (a schema name, never row data).
    public var diagnosticCode: String {
        switch self {
        case .uniqueViolation(let constraint): "unique/\(constraint)"
        case .unavailable: "unavailable"
        }
    }
}
