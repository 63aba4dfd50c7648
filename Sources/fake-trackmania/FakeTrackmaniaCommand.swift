import ArgumentParser
import FakeTrackmania
import Foundation
import Hummingbird
import Logging

/// `fake-trackmania --world Fixtures/trackmania/world.json --port 8088`: serves a fake Trackmania world;
/// `--simulate` serves a generated world whose records keep arriving (docs/simulated-world.md).
@main
struct FakeTrackmaniaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-trackmania",
        abstract: "Serve a fake Nadeo Core/Live, Trackmania OAuth and Trackmania Exchange from a world file.")

    @Option(help: "World JSON file (ignored with --simulate).")
    var world = "Fixtures/trackmania/world.json"

    @Option(help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 8088

    @Flag(help: "Serve a simulated world: generated maps whose records arrive at Poisson times.")
    var simulate = false

    @Option(help: "Simulation: number of maps.")
    var maps = 1000

    @Option(help: "Simulation: maps per Trackmania Exchange mapper.")
    var mapsPerMapper = 100

    @Option(help: "Simulation: median record rate, records per simulated day.")
    var medianRecordsPerDay = 0.05

    @Option(help: "Simulation: sigma of the rate's logarithm.")
    var sigma = 2.0

    @Option(help: "Simulation: real seconds per simulated day.")
    var daySeconds = 900.0

    @Option(help: "Simulation: real seconds the position endpoint lags behind the leaderboards.")
    var positionLagSeconds = 0.0

    @Option(help: "Simulation: number of drivers.")
    var drivers = 5000

    @Option(help: "Simulation: simulated days of recent history each map's top shows at its own rate (0: none).")
    var historyDays = 0.0

    @Option(help: "Simulation: seed of every random choice.")
    var seed: UInt64 = 23

    func run() async throws {
        var configured = Logger(label: "fake-trackmania")
        configured.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let logger = configured
        let host = host
        let source = simulate ? "simulation" : world
        let state: FakeTrackmaniaState
        if simulate {
            state = FakeTrackmaniaState(world: FakeWorld(accounts: [], exchangeUsers: [], maps: [], records: []))
            let simulation = SimulationConfiguration(
                maps: maps, mapsPerMapper: mapsPerMapper, medianRecordsPerDay: medianRecordsPerDay, sigma: sigma,
                daySeconds: daySeconds, positionLagSeconds: positionLagSeconds, drivers: drivers,
                historyDays: historyDays, seed: seed)
            if let problem = await state.startSimulation(simulation) { throw ValidationError(problem) }
        } else {
            state = FakeTrackmaniaState(world: try FakeWorld.load(from: URL(fileURLWithPath: world)))
        }
        let app = FakeTrackmaniaServer.makeApplication(state: state, host: host, port: port, logger: logger) { bound in
            logger.info(
                "Fake Trackmania listening",
                metadata: ["baseURL": "http://\(host):\(bound)", "world": "\(source)"])
        }
        try await app.runService()
    }
}
