import AWSClient
import AsyncHTTPClient
import Foundation
import Logging
import RecordsCore

/// Announces new map-search jobs on SQS (`MAP_SEARCH_QUEUE_URL`): the message body is the job id,
/// which the worker function claims from the database. A send that fails leaves the job in the
/// database queue, where the next scheduled tick (or a `serve` instance) runs it.
public struct SQSMapSearchQueue: MapSearchJobQueue {
    public let client: SQSClient
    private let logger: Logger

    public init(client: SQSClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Builds the queue `config` describes, on the shared HTTP client.
    public init(_ queue: AWSConfig.Queue, logger: Logger) {
        self.init(
            client: SQSClient(
                queueURL: queue.url, credentials: queue.credentials, region: queue.region, httpClient: .shared,
                logger: logger),
            logger: logger)
    }

    public func announce(_ job: MapSearchJob) async {
        do {
            // The invocation's trace header (set by the Lambda runtime loop), so the worker joins the trace.
            let trace = ProcessInfo.processInfo.environment["_X_AMZN_TRACE_ID"]
            let messageId = try await client.sendMessage(job.id, traceId: trace)
            logger.debug("map search sent to SQS", metadata: ["job": "\(job.id)", "message": "\(messageId)"])
        } catch {
            logger.warning(
                "could not send a map search to SQS: it waits in the database queue for the next tick",
                metadata: ["job": "\(job.id)", "error": "\(error)"])
        }
    }
}
