import Foundation
import HandlerKit
import LambdaRuntime

/// The event shapes the function serves, told apart by their documented markers.
public enum LambdaEvent: Sendable {
    /// API Gateway REST API, payload format 1.0.
    case apiGatewayV1(Event)
    /// API Gateway HTTP API or a Lambda function URL, payload format 2.0.
    case httpV2(HTTPAPIRequest)
    /// An EventBridge (CloudWatch Events) schedule.
    case scheduled(ScheduledEvent)
    /// A batch from an SQS event source mapping.
    case sqs(SQSEvent)

    /// Which of the shapes a payload is; the parts each shape needs must then decode.
    /// - Throws: ``RuntimeError`` `Runtime.UnknownEvent` for JSON that is no known shape (or not JSON).
    public static func decode(_ data: Data) throws -> LambdaEvent {
        let decoder = JSONDecoder()
        let probe: Probe
        do {
            probe = try decoder.decode(Probe.self, from: data)
        } catch {
            throw RuntimeError.unknownEvent("the payload is not a JSON object")
        }
        do {
            if let records = probe.Records, records.first?.eventSource == "aws:sqs" {
                return .sqs(try decoder.decode(SQSEvent.self, from: data))
            }
            if probe.version == "2.0", probe.requestContext?.http?.method != nil {
                return .httpV2(try decoder.decode(HTTPAPIRequest.self, from: data))
            }
            if probe.httpMethod != nil, probe.requestContext != nil {
                return .apiGatewayV1(try decoder.decode(Event.self, from: data))
            }
            if probe.source == "aws.events" || probe.detailType == "Scheduled Event" {
                return .scheduled(try decoder.decode(ScheduledEvent.self, from: data))
            }
        } catch let error as DecodingError {
            throw RuntimeError.unknownEvent("the payload has a known shape but does not decode: \(Self.path(error))")
        }
        throw RuntimeError.unknownEvent(
            "the payload is none of: API Gateway v1, HTTP API or function URL v2, EventBridge schedule, SQS")
    }

    /// The coding path of a decoding failure (names of keys, never values).
    static func path(_ error: DecodingError) -> String {
        let context: DecodingError.Context? =
            switch error {
            case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): c
            case .keyNotFound(let key, let c): .init(codingPath: c.codingPath + [key], debugDescription: "")
            @unknown default: nil
            }
        let keys = context?.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue } ?? []
        return keys.isEmpty ? "top level" : keys.joined(separator: ".")
    }

    /// The markers read to tell the shapes apart.
    struct Probe: Decodable {
        struct Context: Decodable {
            struct HTTP: Decodable { var method: String? }
            var http: HTTP?
        }
        struct Record: Decodable { var eventSource: String? }
        var version: String?
        var httpMethod: String?
        var requestContext: Context?
        var Records: [Record]?
        var source: String?
        var detailType: String?

        enum CodingKeys: String, CodingKey {
            case version, httpMethod, requestContext, Records, source
            case detailType = "detail-type"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            version = try? c.decodeIfPresent(String.self, forKey: .version)
            httpMethod = try? c.decodeIfPresent(String.self, forKey: .httpMethod)
            requestContext = try? c.decodeIfPresent(Context.self, forKey: .requestContext)
            Records = try? c.decodeIfPresent([Record].self, forKey: .Records)
            source = try? c.decodeIfPresent(String.self, forKey: .source)
            detailType = try? c.decodeIfPresent(String.self, forKey: .detailType)
        }
    }
}

/// An EventBridge scheduled event (only what the function reads).
public struct ScheduledEvent: Sendable, Decodable, Equatable {
    public var id: String?
    public var time: String?
    /// The rule's ARN.
    public var resources: [String]?
}

/// An SQS batch.
public struct SQSEvent: Sendable, Decodable, Equatable {
    public struct Record: Sendable, Decodable, Equatable {
        public var messageId: String
        public var body: String
        public var receiptHandle: String?
    }
    public var Records: [Record]
}

/// The answer to an SQS batch: the messages to retry (the others are deleted from the queue).
public struct SQSBatchResponse: Sendable, Encodable, Equatable {
    public struct Failure: Sendable, Encodable, Equatable {
        public var itemIdentifier: String
    }
    public var batchItemFailures: [Failure]
}
