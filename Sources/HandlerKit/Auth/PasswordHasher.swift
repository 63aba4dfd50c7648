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
    /// blank seed password, a truncated value) never matches, but still costs one check against
    /// ``decoyHash``, so timing does not tell a usable account from an unusable one.
    public func verify(_ password: String, hash: String) async throws -> Bool {
        guard let usable = Self.usable(hash) else {
            _ = try await pool.runIfActive { Bcrypt.verify(password, hash: Self.decoyHash) }
            return false
        }
        return try await pool.runIfActive { Bcrypt.verify(password, hash: usable) }
    }

    /// The hash in the form the C implementation checks, or `nil` when it is not a bcrypt hash it
    /// can check at a sane cost. `$2y$` (PHP's name for the same algorithm) is read as `$2b$`.
    static func usable(_ hash: String) -> String? {
        let bytes = Array(hash.utf8)
        guard bytes.count == 60, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "2"),
            bytes[3] == UInt8(ascii: "$"), bytes[6] == UInt8(ascii: "$"),
            let cost = Int(String(decoding: bytes[4..<6], as: UTF8.self)), (4...16).contains(cost)
        else { return nil }
        switch bytes[2] {
        case UInt8(ascii: "a"), UInt8(ascii: "b"): return hash
        case UInt8(ascii: "y"): return "$2b$" + hash.dropFirst(4)
        default: return nil
        }
    }

    /// A valid hash of a random secret, checked against when a login names no user, so that an
    /// unknown account costs as much time as a wrong password.
    public static let decoyHash = "$2a$10$k1wbIrmNyFAPwPVPSVa/zecw2BCEnBwVS2GbrmgzxFUOqW9dk4TCW"
}
