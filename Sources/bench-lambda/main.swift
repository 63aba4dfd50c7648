import AsyncHTTPClient
import Foundation
import HandlerKit
import LambdaRuntime
import LambdaRuntimeFake
import Logging
import NIOCore
import NIOFoundationCompat
import RecordsApp
import RecordsLambda

// The runtime loop's cost per warm invocation: the same v2 `/health` event handed to the handler
// directly, and through the Runtime API on loopback (the fake, in this process) and the runtime
// loop. Prints one JSON object; scripts/bench-lambda.py records it in docs/benchmarks.md.

let iterations = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 2000
var logger = Logger(label: "bench-lambda")
logger.logLevel = .critical
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-bench-lambda-\(UUID())")
defer { try? FileManager.default.removeItem(at: folder) }
let config = try AppConfig(environment: [
    "SQLITE_PATH": folder.appendingPathComponent("store.sqlite").path, "JWT_SECRET": String(repeating: "b", count: 40),
])
let runtime = try await AppRuntime.open(config: config, logger: logger)
_ = try await runtime.database.migrate(logger: logger)
let function = LambdaApp.makeFunction(runtime: runtime, config: config, logger: logger)
let event = Data(
    #"{"version":"2.0","routeKey":"$default","rawPath":"/health","rawQueryString":"","headers":{"host":"x"},"requestContext":{"http":{"method":"GET","path":"/health","sourceIp":"203.0.113.1"},"requestId":"r"},"isBase64Encoded":false}"#
        .utf8)

func microseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1e6 + Double(duration.components.attoseconds) / 1e12
}

// Direct: the handler as the loop calls it (decode, dispatch, encode), no HTTP.
let context = LambdaContext(requestId: "bench", deadline: Date().addingTimeInterval(3600), logger: logger)
for _ in 0..<200 { _ = try await function.handle(ByteBuffer(data: event), context: context) }
let directStart = ContinuousClock.now
for _ in 0..<iterations { _ = try await function.handle(ByteBuffer(data: event), context: context) }
let direct = microseconds(ContinuousClock.now - directStart) / Double(iterations)

// Through the Runtime API: next, the handler, the response post, as on Lambda.
let api = try await FakeRuntimeAPI.start()
let loop = RuntimeLoop(client: RuntimeAPIClient(address: api.address, httpClient: .shared), logger: logger)
let task = Task { try await loop.run(handler: function) }
for _ in 0..<200 { _ = await api.invoke(event) }
let loopStart = ContinuousClock.now
for _ in 0..<iterations { _ = await api.invoke(event) }
let throughLoop = microseconds(ContinuousClock.now - loopStart) / Double(iterations)
task.cancel()
await api.stop()
await runtime.close()
let result: [String: Any] = [
    "iterations": iterations, "direct_us": (direct * 10).rounded() / 10, "loop_us": (throughLoop * 10).rounded() / 10,
    "overhead_us": ((throughLoop - direct) * 10).rounded() / 10,
]
FileHandle.standardOutput.write(try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]))
FileHandle.standardOutput.write(Data("\n".utf8))
