import ArgumentParser
import Foundation
import Hummingbird
import Logging
import PushTestServers

/// `fake-push --port 8089`: fake Discord webhooks and ntfy for benchmarks and manual runs.
@main
struct FakePushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-push",
        abstract: "Serve fake Discord webhooks (/discord/api) and ntfy (/ntfy) that record what arrives (/_fake/stats)."
    )

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8089

    @Option(help: "Seconds every answer waits (a slow far side).")
    var latency = 0.0

    @Flag(help: "Keep only counters, not every request body (long benchmarks).")
    var countersOnly = false

    func run() async throws {
        var configured = Logger(label: "fake-push")
        configured.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let logger = configured
        let host = host
        let state = FakePushState()
        await state.setLatency(latency)
        await state.setKeepBodies(!countersOnly)
        let app = FakePushServer.makeApplication(state: state, host: host, port: port, logger: logger) { bound in
            logger.info(
                "Fake push services listening",
                metadata: [
                    "DISCORD_API_URL": "http://\(host):\(bound)/discord/api",
                    "NTFY_URL": "http://\(host):\(bound)/ntfy",
                ])
        }
        try await app.runService()
    }
}
