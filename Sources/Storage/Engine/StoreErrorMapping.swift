import NIOCore
import PostgresNIO
import RecordsCore
import SQLiteNIO
import _ConnectionPoolModule

/// Translates driver errors into the `StoreError` cases callers handle; everything else passes through.
enum StoreErrorMapping {
    /// SQLSTATE classes and codes that mean "the server is not usable right now".
    private static let unavailableStates: Set<String> = ["57P01", "57P02", "57P03", "53300", "53000"]

    /// The mapped error.
    static func map(_ error: any Error) -> any Error {
        switch error {
        case is StoreError:
            return error
        case let error as PSQLError:
            return map(error)
        case let error as SQLiteError:
            return map(error)
        case is ConnectionPoolError, is ChannelError, is IOError:
            return StoreError.unavailable
        default:
            return error
        }
    }

    /// Runs `body`, mapping what it throws.
    static func mapping<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw map(error)
        }
    }

    private static func map(_ error: PSQLError) -> any Error {
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            if state == "23505" {
                return StoreError.uniqueViolation(error.serverInfo?[.constraintName] ?? "unique")
            }
            if state.hasPrefix("08") || unavailableStates.contains(state) {
                return StoreError.unavailable
            }
            return error
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed,
            .sslUnsupported, .failedToAddSSLHandler:
            return StoreError.unavailable
        default:
            return error
        }
    }

    private static func map(_ error: SQLiteError) -> any Error {
        switch error.reason {
        case .constraintUniqueFailed, .constraintPrimaryKeyFailed:
            return StoreError.uniqueViolation(constraintName(fromSQLiteMessage: error.message))
        case .constraint where error.message.contains("UNIQUE constraint failed"):
            return StoreError.uniqueViolation(constraintName(fromSQLiteMessage: error.message))
        case .busy, .busyTimeout, .locked, .cantOpen, .ioError, .readOnly, .full:
            return StoreError.unavailable
        default:
            return error
        }
    }

    /// `UNIQUE constraint failed: users.username` names the column(s); keep that part.
    private static func constraintName(fromSQLiteMessage message: String) -> String {
        guard let range = message.range(of: "failed: ") else { return "unique" }
        return String(message[range.upperBound...])
    }
}
