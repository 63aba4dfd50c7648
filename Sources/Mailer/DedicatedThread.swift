import Foundation

/// Runs blocking work (a libcurl transfer, a file write) on a thread of its own, so neither NIO's
/// event loops nor Swift's cooperative pool ever wait on a socket or a disk. The callers bound how
/// many run at once.
enum DedicatedThread {
    static func run<T: Sendable>(name: String, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try work() })
            }
            thread.name = name
            thread.start()
        }
    }
}
