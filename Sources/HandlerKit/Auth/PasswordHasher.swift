import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing compatible with the original's bcryptjs (`$2a$`, cost 10), run on a thread pool
/// so a login never stalls the event loops or other requests.
public struct PasswordHasher: Sendable {
    /// The original's cost.
    public static let defaultCost: UInt8 = 10

    private let cost: UInt8
    private let pool: NIOThreadPool

    /// - Parameters:
    ///   - cost: log2 rounds (10 as the original; tests may use the minimum, 4).
    ///   - pool: Where the CPU-bound work runs.
    public init(cost: UInt8 = defaultCost, pool: NIOThreadPool = .singleton) {
        self.cost = cost
        self.pool = pool
    }

    /// Hashes a password. The `$2b$` prefix of the C implementation is written as `$2a$`, which
    /// bcryptjs and every other reader treat identically for passwords under 255 bytes.
    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        let hashed = try await pool.runIfActive { Bcrypt.hash(password, cost: cost) }
        return hashed.hasPrefix("$2b$") ? "$2a$" + hashed.dropFirst(4) : hashed
    }

    /// Whether `password` matches `hash` (`$2a$`, `$2b$`, `$2y$`); anything else (the original's
    /// blank seed password) never matches.
    public func verify(_ password: String, hash: String) async throws -> Bool {
        guard hash.count == 60, hash.hasPrefix("$2") else { return false }
        return try await pool.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A valid hash of a random secret, checked against when a login names no user, so that an
    /// unknown account costs as much time as a wrong password.
    public static let decoyHash = "$2a$10$k1wbIrmNyFAPwPVPSVa/zecw2BCEnBwVS2GbrmgzxFUOqW9dk4TCW"
}
