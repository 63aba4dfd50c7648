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
        subcommands: [Serve.self, Migrate.self, CreateAdmin.self, Cron.self, PreferencesLink.self],
        defaultSubcommand: Serve.self)
}

/// Options shared by every subcommand.
struct CommonOptions: ParsableArguments {
    @Option(help: "Path of the .env file read before the environment.")
    var envFile: String = ".env"

    /// Reads the configuration or exits with one line naming the problem.
    func loadConfig() throws -> AppConfig {
        do {
            let dotEnv = try DotEnv.load(path: envFile)
            return try AppConfig(environment: ProcessInfo.processInfo.environment, dotEnv: dotEnv)
        } catch let invalid as AppConfig.Invalid {
            throw ValidationError("configuration: \(invalid.description)")
        }
    }
}

/// Makes the root logger at the configured level.
func makeLogger(_ config: AppConfig, label: String = "recordsw") -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = config.logLevel
    return logger
}
