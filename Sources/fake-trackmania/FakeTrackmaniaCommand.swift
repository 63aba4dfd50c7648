import ArgumentParser
import FakeTrackmania
import Foundation
import Hummingbird
import Logging

/// `fake-trackmania --world Fixtures/trackmania/world.json --port 8088`: serves a fake Trackmania world.
@main
struct FakeTrackmaniaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-trackmania",
        abstract: "Serve a fake Nadeo Core/Live, Trackmania OAuth and Trackmania Exchange from a world file.")

    @Option(help: "World JSON file.")
    var world = "Fixtures/trackmania/world.json"

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8088

    func run() async throws {
        var configured = Logger(label: "fake-trackmania")
        configured.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let logger = configured
        let host = host
        let world = world
        let state = FakeTrackmaniaState(world: try FakeWorld.load(from: URL(fileURLWithPath: world)))
        let app = FakeTrackmaniaServer.makeApplication(state: state, host: host, port: port, logger: logger) { bound in
            logger.info(
                "Fake Trackmania listening",
                metadata: ["baseURL": "http://\(host):\(bound)", "world": "\(world)"])
        }
        try await app.runService()
    }
}
