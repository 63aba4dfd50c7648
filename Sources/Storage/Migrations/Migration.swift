import Foundation
import RecordsCore

/// One schema change of ours, applied once and recorded in `schema_migrations`.
struct Migration: Sendable {
    /// The file name without `.sql`, e.g. `0001_login_sessions`; migrations run in name order.
    let name: String
    let statements: [String]
    /// Checks the data before the change; a non-empty answer describes why it cannot run yet,
    /// and the migration is reported and left pending instead of failing the whole run.
    let preflight: (@Sendable (SQLTransaction) async throws -> [String])?
}

/// The SQL files shipped in the `Storage` resource bundle (`SQL/<postgres|sqlite>/…`).
enum SchemaFiles {
    /// Why the bundled SQL could not be read.
    struct MissingResource: Error, CustomStringConvertible {
        let path: String
        var description: String { "missing schema resource \(path)" }
    }

    static func directory(for kind: StoreKind) throws -> URL {
        guard let root = Bundle.module.resourceURL else { throw MissingResource(path: "SQL") }
        return root.appendingPathComponent("SQL").appendingPathComponent(kind.rawValue)
    }

    /// The statements of `init.sql` for `kind`.
    static func initStatements(for kind: StoreKind) throws -> [String] {
        let url = try directory(for: kind).appendingPathComponent("init.sql")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw MissingResource(path: url.path) }
        return SQLScript.statements(text)
    }

    /// Every migration for `kind`, in order.
    static func migrations(for kind: StoreKind) throws -> [Migration] {
        let folder = try directory(for: kind).appendingPathComponent("migrations")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".sql") }
            .sorted()
        return try names.map { file in
            let url = folder.appendingPathComponent(file)
            guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw MissingResource(path: url.path)
            }
            let name = String(file.dropLast(4))
            return Migration(name: name, statements: SQLScript.statements(text), preflight: Preflights.check(for: name))
        }
    }
}
