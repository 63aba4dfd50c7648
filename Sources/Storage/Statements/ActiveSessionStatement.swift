import Foundation
import PostgresNIO
import RecordsCore

/// The session lookup of every authenticated request, as a named prepared statement.
///
/// PostgreSQL plans this join in several times the time it takes to run it; prepared once per pooled
/// connection, it is planned once. The portable SQL in ``SQLSessionRepository`` is the same query.
/// The columns are named, so a migration that adds columns leaves the prepared plans valid; one that
/// changes the type of a selected column needs a new statement name (and a restart of old instances).
struct ActiveSessionStatement: PostgresPreparedStatement {
    static let name = "recordsw_active_session_v1"
    static let sql = """
        SELECT s.id, s.user_id, s.created_at, s.expires_at, s.last_accessed_at, s.user_agent, s.ip_address,
               u.id, u.username, u.email, u.password, u.created_at, u.tm_username, u.tm_account_id, u.role
        FROM login_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.expires_at > ($2 AT TIME ZONE 'UTC')
        """
    static let bindingDataTypes: [PostgresDataType] = [.text, .timestamptz]

    typealias Row = SessionWithUser

    let id: String
    let now: Date

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(id)
        bindings.append(now)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> SessionWithUser {
        let (
            sessionId, userId, createdAt, expiresAt, lastAccessedAt, userAgent, ipAddress,
            id, username, email, password, userCreatedAt, tmUsername, tmAccountId, role
        ) = try row.decode(
            (
                String, Int, Date, Date, Date, String?, String?,
                Int, String?, String, String, Date?, String?, String?, String?
            ).self)
        return SessionWithUser(
            session: LoginSession(
                id: sessionId, userId: userId, createdAt: createdAt, expiresAt: expiresAt,
                lastAccessedAt: lastAccessedAt, userAgent: userAgent, ipAddress: ipAddress),
            user: SQLUserRepository.user(
                id: id, username: username, email: email, password: password, createdAt: userCreatedAt,
                tmUsername: tmUsername, tmAccountId: tmAccountId, role: role))
    }
}
