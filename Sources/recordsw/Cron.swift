import ArgumentParser
import Foundation
import Logging
import RecordsApp
import RecordsCore

/// `recordsw cron …`: scheduled jobs run from the command line.
struct Cron: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run scheduled jobs from the command line.", subcommands: [Daily.self])

    /// `recordsw cron daily`: the daily run, as `POST /api/v1/cron/daily` runs it.
    struct Daily: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the daily digest pipeline once; exits non-zero when it fails or another run holds the lock.",
            discussion: """
                Uses the same settings as serve (database, Trackmania, SMTP_* or MAIL_OUTBOX_DIR, \
                PUBLIC_BASE_URL and PREFERENCES_SECRET or JWT_SECRET for the digest's links). Exit codes: 0 \
                completed, 1 the run failed (it resumes on the next call), 2 another run holds the lock, 69 \
                database unreachable, 78 a setting is missing or invalid.
                """)

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let config = try common.loadConfig()
            let logger = makeLogger(config)
            for warning in config.preferences.warnings { logger.warning("\(warning)") }
            let runtime = try await reachingDatabase(config) {
                try await AppRuntime.open(config: config, logger: logger)
            }
            let outcome: DailyRunCoordinator.Outcome
            do {
                outcome = try await reachingDatabase(config) {
                    try await withThrowingTaskGroup(of: DailyRunCoordinator.Outcome?.self) { group in
                        group.addTask {
                            try await runtime.database.run()
                            return nil
                        }
                        defer { group.cancelAll() }
                        _ = try await runtime.database.migrate(logger: logger)
                        guard let control = runtime.dependencies.dailyRun else { throw ExitCode.failure }
                        return try await control.runNow { report in Self.printProgress(report) }
                    }
                }
            } catch {
                await runtime.close()
                throw error
            }
            await runtime.close()
            switch outcome {
            case .busy(let runId):
                print("another daily run is in progress" + (runId.map { " (run \($0))" } ?? ""))
                throw ExitCode(2)
            case .started(let runId):
                print("run \(runId) started")
            case .finished(let report):
                if report.phase != .completed { throw ExitCode.failure }
            }
        }

        /// One line per phase boundary.
        static func printProgress(_ report: DailyRunReport) {
            var line = "run \(report.runId) \(report.phase.rawValue):"
            line += " mappers \(report.phase1Processed) (errors \(report.phase1Errors)),"
            line += " drivers \(report.phase2Processed) (errors \(report.phase2Errors)),"
            line += " maps read \(report.mapsFetched), items queued \(report.itemsQueued),"
            line += " emails sent \(report.emailsSent) skipped \(report.emailsSkipped) failed \(report.emailsFailed),"
            line += " Trackmania calls \(report.trackmaniaCalls), TMX pages \(report.exchangeCalls)"
            if let push = report.push {
                line += ", push posts \(push.postsSent) (items \(push.itemsDelivered)) deferred \(push.postsDeferred)"
                line += " dropped \(push.itemsDropped) in doubt \(push.itemsInDoubt) disabled \(push.channelsDisabled)"
            }
            if let from = report.resumedFrom { line += ", resuming run \(from)" }
            if let error = report.error { line += ", error: \(error)" }
            // Written unbuffered, so a pipe (a log collector, `tee`) sees each phase as it ends.
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}
