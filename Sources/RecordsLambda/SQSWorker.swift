import Foundation
import Logging
import RecordsCore

/// Runs the map-search jobs an SQS batch names. Each message body is a job id; a message whose job
/// could not be worked (not a job id, or the store failed) is reported in `batchItemFailures`, so SQS
/// retries that message alone (and moves it to the dead-letter queue after `maxReceiveCount`), never
/// the whole batch.
public struct SQSWorker: Sendable {
    public let worker: MapSearchWorker

    public init(worker: MapSearchWorker) {
        self.worker = worker
    }

    public func run(_ batch: SQSEvent, logger: Logger) async -> SQSBatchResponse {
        var failures: [SQSBatchResponse.Failure] = []
        for record in batch.Records {
            let jobId = record.body.trimmingCharacters(in: .whitespacesAndNewlines)
            // Job ids are UUIDs (StartMapSearchHandler); anything else was never sent by recordsw.
            guard UUID(uuidString: jobId) != nil else {
                logger.error("SQS message is not a map-search job id", metadata: ["message": .string(record.messageId)])
                failures.append(.init(itemIdentifier: record.messageId))
                continue
            }
            do {
                let ran = try await worker.run(jobId: jobId.lowercased())
                logger.info(
                    ran ? "map search job run" : "map search job not claimable (finished, unknown or running)",
                    metadata: ["job": .string(jobId), "message": .string(record.messageId)])
            } catch {
                logger.warning(
                    "could not claim a map search job",
                    metadata: ["job": .string(jobId), "error": "\(type(of: error))"])
                failures.append(.init(itemIdentifier: record.messageId))
            }
        }
        return SQSBatchResponse(batchItemFailures: failures)
    }
}
