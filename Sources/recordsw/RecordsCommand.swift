import ArgumentParser
import Foundation
import Logging
import RecordsApp

/// The `recordsw` command line: the server and its maintenance commands.
@main
struct RecordsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recordsw",
        abstract: "The recordsw Trackmania record-watcher server.",
        discussion: """
            Settings come from the environment and an optional .env file (--env-file; the environment wins); \
            every variable is listed in the README. Exit codes: 0 done, 1 failed, 64 bad command line, \
            69 (EX_UNAVAILABLE) database unreachable, 78 (EX_CONFIG) a setting is missing or invalid.
            """,
        version: BuildInfo.version,
        subcommands: [
            Serve.self, Migrate.self, CreateAdmin.self, Cron.self, PreferencesLink.self, Digest.self, Watch.self,
            Lambda.self,
        ],
        defaultSubcommand: Serve.self)

    /// Runs the chosen subcommand; a bad setting or an unreachable database is one line on standard
    /// error and a `sysexits.h` code, never the usage text (the command line was right).
    static func main() async {
        do {
            // On Lambda the binary is the `bootstrap` of a custom runtime, started without arguments.
            let arguments = Array(CommandLine.arguments.dropFirst())
            let isBootstrap =
                CommandLine.arguments.first.map { URL(fileURLWithPath: $0).lastPathComponent } == "bootstrap"
            var command = try parseAsRoot(isBootstrap && arguments.isEmpty ? ["lambda"] : nil)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let invalid as AppConfig.Invalid {
            stop("configuration: \(invalid.description)", code: ExitStatus.configuration)
        } catch let unreachable as DatabaseUnreachable {
            stop(unreachable.description, code: ExitStatus.unavailable)
        } catch {
            exit(withError: error)
        }
    }

    private static func stop(_ line: String, code: Int32) -> Never {
        FileHandle.standardError.write(Data("recordsw: \(line)\n".utf8))
        exit(withError: ExitCode(code))
    }
}

/// The exit codes beyond 0 and 1, from `sysexits.h`, so a service manager or a script can tell a
/// setting to fix from a failure to retry.
enum ExitStatus {
    /// `EX_UNAVAILABLE`: the database could not be reached.
    static let unavailable: Int32 = 69
    /// `EX_CONFIG`: a setting is missing or invalid.
    static let configuration: Int32 = 78
}

/// Options shared by every subcommand.
struct CommonOptions: ParsableArguments {
    @Option(help: "Path of the .env file read before the environment.")
    var envFile: String = ".env"

    /// Reads the configuration; the embedded default adopts the state every process shares.
    /// - Throws: ``AppConfig/Invalid`` naming the first bad setting (exit 78).
    func loadConfig() throws -> AppConfig {
        let dotEnv = try DotEnv.load(path: envFile)
        var config = try AppConfig(environment: ProcessInfo.processInfo.environment, dotEnv: dotEnv)
        try config.adoptEmbeddedState()
        return config
    }
}

/// Makes the root logger at the configured level.
func makeLogger(_ config: AppConfig, label: String = "recordsw") -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = config.logLevel
    return logger
}
