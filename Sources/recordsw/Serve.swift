import ArgumentParser
import Foundation
import Logging
import RecordsApp

/// `recordsw serve`: runs the HTTP API until SIGTERM/SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP server.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let config = try common.loadConfig()
        do {
            try config.validateForServing()
        } catch let invalid as AppConfig.Invalid {
            throw ValidationError("configuration: \(invalid.description)")
        }
        try await ServerApp.serve(config: config, logger: makeLogger(config))
    }
}
