import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Sends messages to one SQS queue with the query protocol (`Action=SendMessage`), signed with
/// Signature Version 4. The request goes to the queue URL's own host, which is the regional SQS
/// endpoint on AWS and the emulator's address in tests.
public struct SQSClient: Sendable {
    public let queueURL: URL
    public let signer: SigV4Signer
    private let httpClient: HTTPClient
    private let timeout: TimeAmount
    private let logger: Logger

    /// What SQS answered instead of a message id.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        /// The HTTP status, `nil` when no answer arrived.
        public var status: Int?
        /// SQS's error code (`AccessDenied`, `AWS.SimpleQueueService.NonExistentQueue`, …), when it gave one.
        public var code: String?
        public var description: String {
            "SQS SendMessage failed" + (status.map { " (HTTP \($0))" } ?? "") + (code.map { ": \($0)" } ?? "")
        }
    }

    /// - Parameters:
    ///   - queueURL: `https://sqs.<region>.amazonaws.com/<account>/<name>` (`MAP_SEARCH_QUEUE_URL`).
    ///   - credentials: The signing credentials.
    ///   - region: The queue's region (`AWS_REGION`).
    ///   - httpClient: The shared client.
    public init(
        queueURL: URL, credentials: AWSCredentials, region: String, httpClient: HTTPClient,
        timeout: TimeAmount = .seconds(5), logger: Logger
    ) {
        self.queueURL = queueURL
        self.signer = SigV4Signer(credentials: credentials, region: region, service: "sqs")
        self.httpClient = httpClient
        self.timeout = timeout
        self.logger = logger
    }

    /// The query-protocol body of `SendMessage`.
    static func sendMessageBody(queueURL: URL, body: String) -> String {
        [
            ("Action", "SendMessage"), ("MessageBody", body), ("QueueUrl", queueURL.absoluteString),
            ("Version", "2012-11-05"),
        ].map { "\($0.0)=\(SigV4Signer.encode($0.1))" }.joined(separator: "&")
    }

    /// The endpoint the queue lives on (scheme, host and port of its URL).
    var endpoint: URL {
        var components = URLComponents(url: queueURL, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.path = "/"
        components.query = nil
        return components.url ?? queueURL
    }

    /// Sends one message.
    /// - Parameters:
    ///   - body: The message body.
    ///   - traceId: The invocation's X-Ray trace header, passed on so the queue's consumer joins the trace.
    /// - Returns: The message id SQS assigned.
    /// - Throws: ``Failure`` for an error answer; transport errors as they come.
    @discardableResult
    public func sendMessage(_ body: String, traceId: String? = nil, now: Date = Date()) async throws -> String {
        let form = Array(Self.sendMessageBody(queueURL: queueURL, body: body).utf8)
        let contentType = "application/x-www-form-urlencoded; charset=utf-8"
        let signature = signer.sign(
            SigV4Signer.Request(method: "POST", url: endpoint, headers: [("Content-Type", contentType)], body: form),
            date: now)
        var request = HTTPClientRequest(url: endpoint.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        for (name, value) in signature.headers { request.headers.add(name: name, value: value) }
        if let traceId { request.headers.add(name: "X-Amzn-Trace-Id", value: traceId) }
        request.body = .bytes(ByteBuffer(bytes: form))
        let response = try await httpClient.execute(request, timeout: timeout)
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        guard response.status == .ok, let id = Self.element("MessageId", in: text) else {
            let failure = Failure(status: Int(response.status.code), code: Self.element("Code", in: text))
            logger.warning(
                "SQS send failed", metadata: ["status": "\(response.status.code)", "code": "\(failure.code ?? "")"])
            throw failure
        }
        return id
    }

    /// The text of the first `<name>…</name>` in an XML answer.
    static func element(_ name: String, in xml: String) -> String? {
        guard let open = xml.range(of: "<\(name)>"),
            let close = xml.range(of: "</\(name)>", range: open.upperBound..<xml.endIndex)
        else { return nil }
        return String(xml[open.upperBound..<close.lowerBound])
    }
}
