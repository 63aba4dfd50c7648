import ArgumentParser
import Foundation
import LambdaRuntime
import Logging
import NIOCore
import NIOFoundationCompat
import RecordsApp
import RecordsLambda

/// `recordsw lambda`: the same application on AWS Lambda (the `bootstrap` of a `provided.al2023`
/// function runs it), and `recordsw lambda invoke` to run events locally without the service.
struct Lambda: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve AWS Lambda invocations through the Lambda Runtime API.",
        discussion: """
            Reads AWS_LAMBDA_RUNTIME_API (set by the Lambda service), opens the database, Trackmania clients \
            and route table once, applies pending migrations, then serves invocations until the service \
            stops the environment: API Gateway REST (v1), HTTP API and function URL (v2) requests go through \
            the same dispatcher as serve; EventBridge schedules run waiting map searches and a deadline-sized \
            slice of the daily run; SQS batches run the map-search jobs they name. A bad setting is posted \
            as the init error. Settings are serve's (README) plus MAP_SEARCH_QUEUE_URL and the AWS_* \
            credentials; see docs/deploy-lambda.md.
            """,
        subcommands: [Serve.self, Invoke.self], defaultSubcommand: Serve.self)

    /// The Runtime API loop.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve", abstract: "Serve invocations from AWS_LAMBDA_RUNTIME_API (the default).")

        @OptionGroup var common: CommonOptions

        @Option(help: "Stop after this many invocations (benchmarks and tests).")
        var maxInvocations: Int?

        func run() async throws {
            guard let api = ProcessInfo.processInfo.environment["AWS_LAMBDA_RUNTIME_API"], !api.isEmpty else {
                throw AppConfig.Invalid(
                    description: "AWS_LAMBDA_RUNTIME_API is not set: `recordsw lambda` runs inside AWS Lambda "
                        + "(or against a Runtime API emulator); use `recordsw lambda invoke` locally")
            }
            var logger = Logger(label: "recordsw")
            logger.logLevel = (try? common.loadConfig().logLevel) ?? .info
            let options = common
            try await LambdaApp.run(runtimeAPI: api, logger: logger, limit: maxInvocations) {
                try options.loadConfig()
            }
        }
    }

    /// Runs event files through the Lambda handler in this process and prints each answer.
    struct Invoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run Lambda event files through the handler locally, one JSON answer per line.",
            discussion: """
                Opens the application as `recordsw lambda` does (same settings, migrations applied), then \
                hands each event file to the handler in order with a deadline --timeout seconds away. An \
                invocation error is printed as {"errorType":…,"errorMessage":…} and makes the exit code 1.
                """)

        @OptionGroup var common: CommonOptions

        @Option(help: "Seconds each invocation may take (the function's timeout).")
        var timeout: Double = 30

        @Argument(help: "Event files (JSON).")
        var events: [String]

        func run() async throws {
            let config = try common.loadConfig()
            try config.validateForServing()
            var logger = makeLogger(config)
            logger.logLevel = max(logger.logLevel, .notice)
            let runtime = try await reachingDatabase(config) {
                try await AppRuntime.open(config: config, logger: logger)
            }
            var failed = false
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await runtime.database.run() }
                    defer { group.cancelAll() }
                    _ = try await runtime.database.migrate(logger: logger)
                    let function = LambdaApp.makeFunction(runtime: runtime, config: config, logger: logger)
                    for path in events {
                        let payload = try Data(contentsOf: URL(fileURLWithPath: path))
                        let context = LambdaContext(
                            requestId: UUID().uuidString.lowercased(), deadline: Date().addingTimeInterval(timeout),
                            logger: logger)
                        let line: Data
                        do {
                            let answer = try await function.handle(ByteBuffer(data: payload), context: context)
                            line = Data(buffer: answer)
                        } catch {
                            failed = true
                            let (type, message) = RuntimeLoop.describe(error)
                            line = try JSONSerialization.data(
                                withJSONObject: ["errorType": type, "errorMessage": message], options: [.sortedKeys])
                        }
                        FileHandle.standardOutput.write(line + Data("\n".utf8))
                    }
                    await runtime.dependencies.watching.settle()
                }
            } catch {
                await runtime.close()
                throw error
            }
            await runtime.close()
            if failed { throw ExitCode.failure }
        }
    }
}
