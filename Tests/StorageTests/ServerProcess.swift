import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A `recordsw serve` process started from the build directory, for tests that must see the real
/// server's signal handling (`RestartUnderLoadTests`).
struct ServerProcess {
    let pid: pid_t
    let port: Int
    let logPath: String

    /// The `recordsw` executable beside the test bundle (`swift build --build-tests` builds both), or `nil`.
    static var binary: String? {
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            return nil
        }
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        // The test runner lives inside `<bin>/recordswPackageTests.xctest` on some toolchains.
        if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
        let path = directory.appendingPathComponent("recordsw").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    /// A port free on loopback right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts `binary serve` with `environment` (plus `PATH`), its output going to a temp log file.
    static func start(binary: String, environment: [String: String]) throws -> ServerProcess {
        let port = try freePort()
        var environment = environment
        environment["HOST"] = "127.0.0.1"
        environment["PORT"] = String(port)
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let logPath = FileManager.default.temporaryDirectory.appendingPathComponent(
            "recordsw-serve-\(UUID().uuidString).log"
        ).path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var arguments: [UnsafeMutablePointer<CChar>?] = [strdup(binary), strdup("serve"), nil]
        var variables: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            arguments.forEach { free($0) }
            variables.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, binary, &actions, nil, &arguments, &variables)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EINVAL) }
        return ServerProcess(pid: pid, port: port, logPath: logPath)
    }

    /// Sends `signal` and waits up to `limit` for the process to exit.
    /// - Returns: How long it took, or `nil` if it was still running (it is then killed).
    func stop(with signal: Int32, within limit: Duration) async -> Duration? {
        let started = ContinuousClock.now
        Glibc.kill(pid, signal)
        while ContinuousClock.now - started < limit {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { return ContinuousClock.now - started }
            try? await Task.sleep(for: .milliseconds(50))
        }
        kill()
        return nil
    }

    /// Kills the process and reaps it (a test that failed before stopping it).
    func kill() {
        Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }

    /// The end of the server's log, for a failure message.
    var logTail: String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return String(text.suffix(2000))
    }
}
