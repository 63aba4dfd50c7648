import Foundation

extension AppConfig {
    /// Makes every process of the embedded default agree (the commands call it; tests need not):
    /// without `JWT_SECRET`, links and sessions are signed with the secret generated once under the
    /// SQLite file's folder, so a digest mailed by `recordsw cron daily` opens on the server, and the
    /// demo world's record times count from its first start instead of from each start.
    /// Does nothing with PostgreSQL, where `JWT_SECRET` is required.
    /// - Throws: ``Invalid`` when the folder or its files cannot be created or read.
    public mutating func adoptEmbeddedState(now: Date = Date()) throws {
        guard case .sqlite(let path) = database else { return }
        let state = EmbeddedState(sqlitePath: path)
        if jwtSecret == nil {
            jwtSecret = try state.secret()
            generatedSecretFile = state.secretPath
        }
        demoWorldAnchor = try state.demoAnchor(now: now)
    }

    /// Start-up lines that say what was left off or generated, and how to change it.
    public var startupNotices: [String] {
        var notices: [String] = []
        if let generatedSecretFile {
            notices.append(
                "JWT_SECRET is not set: signing with the secret generated in \(generatedSecretFile), shared by every "
                    + "recordsw process using this SQLite file; set JWT_SECRET (32+ random bytes) in production")
        }
        if cronSecret == nil {
            notices.append(
                "POST /api/v1/cron/daily is disabled because CRON_SECRET is not set; set it (16+ bytes, e.g. "
                    + "CRON_SECRET=$(openssl rand -hex 16)) to call it, or run `recordsw cron daily`")
        }
        return notices
    }
}
