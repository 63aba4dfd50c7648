import Foundation
import Hummingbird
import NIOCore

extension FakeRoutes {
    /// The simulation's control API (docs/simulated-world.md); like the rest of `/_fake`, never counted
    /// and never faulted.
    func registerSimulation(on router: Router<BasicRequestContext>) {
        router.post("/_fake/simulation") { request, _ in
            guard
                let configuration = try? JSONDecoder().decode(
                    SimulationConfiguration.self, from: await FakeRoutes.body(of: request))
            else {
                return Self.simulationJSON(.json(["error": "expected a simulation configuration"], status: .badRequest))
            }
            if let problem = await state.startSimulation(configuration) {
                return Self.simulationJSON(.json(["error": problem], status: .badRequest))
            }
            return Self.simulationJSON(.json(["started": true]))
        }
        router.get("/_fake/simulation") { request, _ in
            let withMaps = FakeQuery(request.uri.query).first("maps") != "false"
            guard var summary = await state.simulationSummary() else { return Self.noSimulation }
            if !withMaps { summary.maps = [] }
            return Self.simulationJSON(.encoded(summary))
        }
        router.get("/_fake/simulation/records") { request, _ in
            guard await state.simulation != nil else { return Self.noSimulation }
            let since = FakeQuery(request.uri.query).first("since").flatMap(Double.init) ?? 0
            let records = await state.simulatedRecords(since: since)
            return Self.simulationJSON(.encoded(["records": records]))
        }
        router.get("/_fake/simulation/calls") { _, _ in
            let buckets = await state.callsPerSecond()
            let seconds: [[String: Any]] = buckets.keys.sorted().map { ["at": $0, "calls": buckets[$0] ?? [:]] }
            return Self.simulationJSON(.json(["seconds": seconds]))
        }
    }

    private static var noSimulation: Response {
        simulationJSON(.json(["error": "no simulation is running"], status: .notFound))
    }

    private static func simulationJSON(_ reply: Reply) -> Response {
        Response(
            status: reply.status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }
}
