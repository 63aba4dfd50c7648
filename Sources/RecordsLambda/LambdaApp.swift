import AsyncHTTPClient
import Foundation
import HandlerKit
import LambdaRuntime
import Logging
import RecordsApp
import RecordsCore

/// `recordsw lambda`: the composition root's stores, clients and handlers (``AppRuntime``, the
/// route table) opened once per execution environment, then the Runtime API loop reusing them for
/// every invocation. Configuration that cannot work is reported with the init error call.
public enum LambdaApp {
    /// Runs until the Runtime API goes away (or the task is cancelled, or `limit` invocations).
    /// - Parameters:
    ///   - runtimeAPI: `AWS_LAMBDA_RUNTIME_API`.
    ///   - loadConfig: Reads the configuration (a bad setting becomes the init error).
    ///   - onReady: Called once the environment is initialised (benchmarks time the cold start with it).
    public static func run(
        runtimeAPI: String, logger: Logger, limit: Int? = nil, loadConfig: () throws -> AppConfig,
        onReady: @Sendable () async -> Void = {}
    ) async throws {
        let client = RuntimeAPIClient(address: runtimeAPI, httpClient: .shared)
        let config: AppConfig
        let runtime: AppRuntime
        do {
            config = try loadConfig()
            try config.validateForServing()
            runtime = try await AppRuntime.open(config: config, logger: logger)
        } catch {
            try await reportInitError(error, client: client, logger: logger)
            throw error
        }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                // The PostgreSQL pool serves nothing until it runs (a no-op on SQLite).
                group.addTask { try await runtime.database.run() }
                defer { group.cancelAll() }
                do {
                    let applied = try await runtime.database.migrate(logger: logger)
                    if !applied.isEmpty {
                        logger.info("migrations applied", metadata: ["names": .string(applied.joined(separator: ","))])
                    }
                } catch {
                    try await reportInitError(error, client: client, logger: logger)
                    throw error
                }
                let function = makeFunction(runtime: runtime, config: config, logger: logger)
                await onReady()
                try await RuntimeLoop(client: client, logger: logger).run(handler: function, limit: limit)
            }
        } catch {
            await runtime.close()
            throw error
        }
        await runtime.close()
    }

    /// The handler over an opened runtime: the same route table `serve` builds.
    public static func makeFunction(runtime: AppRuntime, config: AppConfig, logger: Logger) -> RecordsFunction {
        let deps = runtime.dependencies
        let dispatcher = RouteTable.dispatcher(deps, logger: logger)
        let worker = deps.watching.mapSearchWorker
        return RecordsFunction(
            api: APIGatewayBridge(dispatcher: dispatcher),
            tick: ScheduledTick(
                // Also with SQS: a job whose send failed waits in the database queue (a claim is atomic,
                // so a job the worker function already took is not run twice).
                dailyRun: deps.dailyRun, mapSearch: worker,
                // WATCH_MODE=live: the time a tick has left goes to the watcher (nothing else runs it here).
                watch: config.aws.watchTurn > .zero ? runtime.liveWatch : nil,
                margin: config.aws.sliceMargin, dailyHour: config.aws.dailyHour, watchTurn: config.aws.watchTurn,
                clock: deps.clock),
            worker: SQSWorker(worker: worker))
    }

    /// Posts the init error: `Runtime.InvalidConfiguration` for a bad setting, `Runtime.InitFailed`
    /// (with the type only) for anything else.
    static func reportInitError(_ error: any Error, client: RuntimeAPIClient, logger: Logger) async throws {
        let type: String
        let message: String
        if let invalid = error as? AppConfig.Invalid {
            (type, message) = ("Runtime.InvalidConfiguration", "configuration: \(invalid.description)")
        } else if (error as? StoreError) == .unavailable {
            (type, message) = ("Runtime.DatabaseUnreachable", "the database could not be reached")
        } else {
            (type, message) = (
                "Runtime.InitFailed", "initialisation failed: \(String(reflecting: Swift.type(of: error)))"
            )
        }
        logger.critical("initialisation failed", metadata: ["error-type": .string(type)])
        try await client.reportInitError(type: type, message: message)
    }
}
