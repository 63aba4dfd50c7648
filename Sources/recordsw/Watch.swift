import ArgumentParser
import Foundation
import Logging
import RecordsApp

/// `recordsw watch`: the live watcher as a separate worker process.
struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the live watcher without the HTTP server.",
        discussion: """
            Watches the maps of every alert and driver notification within WATCH_RATE requests per second, \
            every map at least once per WATCH_MAX_STALENESS, pushing news at once (docs/live-watching.md). \
            Only one instance watches at a time across all those on one database (serve included): the \
            others wait for the lease. Uses the same settings as serve. Exit codes: 0 stopped by a signal, \
            69 database unreachable, 78 a setting is missing or invalid (WATCH_MODE=daily included).
            """)

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let config = try common.loadConfig()
        try await reachingDatabase(config) {
            try await LiveWatchService.runWorker(config: config, logger: makeLogger(config))
        }
    }
}
