import Foundation

/// An error that can name itself for a log line by a short code that never quotes data
/// (a database error's detail text quotes row values such as emails).
public protocol DiagnosticCodeProviding: Error {
    /// A stable, data-free code, such as `server/23502` for a PostgreSQL error.
    var diagnosticCode: String { get }
}

/// What an unexpected error may show in a log: its type and a data-free code, never its text.
public enum ErrorDiagnostics {
    /// The error's type, fully qualified (`PostgresNIO.PSQLError`).
    public static func type(of error: any Error) -> String {
        String(reflecting: Swift.type(of: error))
    }

    /// The error's own code when it provides one, else the Foundation error code.
    public static func code(of error: any Error) -> String {
        if let coded = error as? any DiagnosticCodeProviding { return coded.diagnosticCode }
        return String((error as NSError).code)
    }
}
