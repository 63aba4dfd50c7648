import Foundation
import HandlerKit
import LambdaRuntime
import Logging
import NIOCore
import NIOFoundationCompat

/// The one Lambda handler: every event shape goes to the part of the application that serves it.
/// The same zip is the API, worker and schedule functions of the SAM template; each receives only
/// its own events, and any of them would serve the others'.
public struct RecordsFunction: LambdaHandler {
    public let api: APIGatewayBridge
    public let tick: ScheduledTick
    public let worker: SQSWorker

    public init(api: APIGatewayBridge, tick: ScheduledTick, worker: SQSWorker) {
        self.api = api
        self.tick = tick
        self.worker = worker
    }

    public func handle(_ payload: ByteBuffer, context: LambdaContext) async throws -> ByteBuffer {
        let event = try LambdaEvent.decode(Data(buffer: payload, byteTransferStrategy: .noCopy))
        switch event {
        case .apiGatewayV1(let request):
            var request = request
            // The dispatcher logs with this id; API Gateway's own id names the HTTP request.
            if request.requestContext.requestId == nil { request.requestContext.requestId = context.requestId }
            return ByteBuffer(data: APIGatewayResponse.v1(await api.answer(v1: request)))
        case .httpV2(let request):
            return ByteBuffer(data: APIGatewayResponse.v2(await api.answer(v2: request)))
        case .scheduled:
            let report = try await tick.run(deadline: context.deadline, logger: context.logger)
            context.logger.info(
                "scheduled tick",
                metadata: ["daily-run": .string(report.dailyRun), "map-searches": "\(report.mapSearches)"])
            return try Self.json(report)
        case .sqs(let batch):
            return try Self.json(await worker.run(batch, logger: context.logger))
        }
    }

    static func json(_ value: some Encodable) throws -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return ByteBuffer(data: try encoder.encode(value))
    }
}
