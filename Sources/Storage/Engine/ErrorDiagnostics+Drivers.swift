import PostgresNIO
import RecordsCore
import SQLiteNIO

// Driver errors name themselves in logs by their class and SQLSTATE (PostgreSQL) or result code
// (SQLite): their messages and details quote row values, so those never reach a log line.

extension PSQLError: DiagnosticCodeProviding {
    public var diagnosticCode: String {
        let state = serverInfo?[.sqlState] ?? ""
        return state.isEmpty ? "\(code)" : "\(code)/\(state)"
    }
}

extension SQLiteError: DiagnosticCodeProviding {
    public var diagnosticCode: String { "sqlite/\(reason)" }
}
