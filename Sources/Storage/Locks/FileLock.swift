import RecordsCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A named lock for the SQLite default: `flock` on a file beside the database. It excludes other
/// processes on the same file and other holders in this process (each attempt opens its own descriptor),
/// and the kernel releases it when the holder dies. Lock files are the owner's only (0600), as the
/// database file is: another local user could otherwise hold the lock and stop the daily run.
struct FileLock: NamedLock {
    /// The database file; lock files are `<databasePath>.<name>.lock`.
    let databasePath: String

    /// Why a lock file could not be used.
    struct LockFileError: Error, CustomStringConvertible {
        let errno: Int32
        var description: String { "cannot open lock file (errno \(errno))" }
    }

    func withLock<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T? {
        let safeName = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        let descriptor = open("\(databasePath).\(safeName).lock", O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw LockFileError(errno: errno) }
        defer { close(descriptor) }
        // A lock file an earlier version created with 0644 is narrowed too.
        guard fchmod(descriptor, 0o600) == 0 else { throw LockFileError(errno: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { return nil }
        defer { flock(descriptor, LOCK_UN) }
        return try await body()
    }
}
