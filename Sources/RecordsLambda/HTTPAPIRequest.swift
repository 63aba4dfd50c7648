import Foundation
import HTTPAdapter
import HandlerKit

/// An HTTP API (payload format 2.0) or Lambda function URL request.
public struct HTTPAPIRequest: Sendable, Decodable, Equatable {
    public struct Context: Sendable, Decodable, Equatable {
        public struct HTTP: Sendable, Decodable, Equatable {
            public var method: String
            public var path: String?
            public var sourceIp: String?
            public var userAgent: String?
        }
        public var http: HTTP
        public var requestId: String?
        public var stage: String?
        public var domainName: String?
    }

    public var version: String
    public var rawPath: String?
    public var rawQueryString: String?
    /// The request's cookies, split out of its `Cookie` header by the service.
    public var cookies: [String]?
    /// Lower-case names; repeated headers arrive joined with commas.
    public var headers: [String: String]?
    public var requestContext: Context
    public var body: String?
    public var isBase64Encoded: Bool?
    public var stageVariables: [String: String]?

    /// The request as the dispatcher takes it (body not yet decoded: see ``APIGatewayBridge``).
    /// - Returns: `nil` when the query string has invalid percent-encoding.
    func event() -> Event? {
        guard let query = QueryString.parse(rawQueryString) else { return nil }
        var headers = self.headers ?? [:]
        if let cookies, !cookies.isEmpty {
            // The service splits the header; handlers read it whole, as over HTTP (RFC 6265 §5.4 joins with "; ").
            headers["cookie"] = cookies.joined(separator: "; ")
        }
        return Event(
            httpMethod: requestContext.http.method.uppercased(),
            path: rawPath ?? requestContext.http.path ?? "/",
            headers: headers,
            queryStringParameters: query.single,
            multiValueQueryStringParameters: query.multi,
            stageVariables: stageVariables ?? [:],
            body: body,
            isBase64Encoded: isBase64Encoded ?? false,
            requestContext: .init(
                requestId: requestContext.requestId, stage: requestContext.stage,
                identity: .init(sourceIp: requestContext.http.sourceIp, userAgent: requestContext.http.userAgent)))
    }
}
