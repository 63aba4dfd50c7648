import Foundation

/// An HTTP request in the shape of an API Gateway REST (v1) proxy event.
///
/// Decoding is lenient: missing or `null` maps are empty, missing strings take defaults, unknown
/// keys are ignored. A full capture from API Gateway and a three-line hand-written fixture both
/// decode. The HTTP adapter builds these from real requests and `LocalInvoke` from fixture files.
public struct Event: Sendable, Equatable {
    public var httpMethod: String
    /// The request path as received (still percent-encoded, without the query string).
    public var path: String
    public var resource: String?
    /// Header names as sent; use ``header(_:)`` for case-insensitive reads.
    public var headers: [String: String]
    public var multiValueHeaders: [String: [String]]
    /// The last value of each query key (API Gateway's rule).
    public var queryStringParameters: [String: String]
    /// Every value of each query key, in order.
    public var multiValueQueryStringParameters: [String: [String]]
    /// Percent-decoded path parameters, filled in by the router.
    public var pathParameters: [String: String]
    public var stageVariables: [String: String]
    public var body: String?
    public var isBase64Encoded: Bool
    public var requestContext: RequestContext

    /// The `requestContext` object; only the parts recordsw reads.
    public struct RequestContext: Sendable, Equatable, Codable {
        public var requestId: String?
        public var stage: String?
        public var identity: Identity

        /// `requestContext.identity`.
        public struct Identity: Sendable, Equatable, Codable {
            /// The client address after the trusted-proxy rule.
            public var sourceIp: String?
            public var userAgent: String?

            public init(sourceIp: String? = nil, userAgent: String? = nil) {
                self.sourceIp = sourceIp
                self.userAgent = userAgent
            }
        }

        public init(requestId: String? = nil, stage: String? = nil, identity: Identity = Identity()) {
            self.requestId = requestId
            self.stage = stage
            self.identity = identity
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            requestId = try container.decodeIfPresent(String.self, forKey: .requestId)
            stage = try container.decodeIfPresent(String.self, forKey: .stage)
            identity = try container.decodeIfPresent(Identity.self, forKey: .identity) ?? Identity()
        }
    }

    public init(
        httpMethod: String,
        path: String,
        resource: String? = nil,
        headers: [String: String] = [:],
        multiValueHeaders: [String: [String]] = [:],
        queryStringParameters: [String: String] = [:],
        multiValueQueryStringParameters: [String: [String]] = [:],
        pathParameters: [String: String] = [:],
        stageVariables: [String: String] = [:],
        body: String? = nil,
        isBase64Encoded: Bool = false,
        requestContext: RequestContext = RequestContext()
    ) {
        self.httpMethod = httpMethod
        self.path = path
        self.resource = resource
        self.headers = headers
        self.multiValueHeaders = multiValueHeaders
        self.queryStringParameters = queryStringParameters
        self.multiValueQueryStringParameters = multiValueQueryStringParameters
        self.pathParameters = pathParameters
        self.stageVariables = stageVariables
        self.body = body
        self.isBase64Encoded = isBase64Encoded
        self.requestContext = requestContext
    }
}

extension Event: Codable {
    enum CodingKeys: String, CodingKey {
        case httpMethod, path, resource, headers, multiValueHeaders, queryStringParameters
        case multiValueQueryStringParameters, pathParameters, stageVariables, body, isBase64Encoded
        case requestContext
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        httpMethod = try container.decodeIfPresent(String.self, forKey: .httpMethod)?.uppercased() ?? "GET"
        path = try container.decodeIfPresent(String.self, forKey: .path) ?? "/"
        resource = try container.decodeIfPresent(String.self, forKey: .resource)
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        multiValueHeaders =
            try container.decodeIfPresent([String: [String]].self, forKey: .multiValueHeaders) ?? [:]
        queryStringParameters =
            try container.decodeIfPresent([String: String].self, forKey: .queryStringParameters) ?? [:]
        multiValueQueryStringParameters =
            try container.decodeIfPresent(
                [String: [String]].self, forKey: .multiValueQueryStringParameters) ?? [:]
        pathParameters = try container.decodeIfPresent([String: String].self, forKey: .pathParameters) ?? [:]
        stageVariables = try container.decodeIfPresent([String: String].self, forKey: .stageVariables) ?? [:]
        body = try container.decodeIfPresent(String.self, forKey: .body)
        isBase64Encoded = try container.decodeIfPresent(Bool.self, forKey: .isBase64Encoded) ?? false
        requestContext =
            try container.decodeIfPresent(RequestContext.self, forKey: .requestContext) ?? RequestContext()
    }
}

extension Event {
    /// The first value of a header, matched case-insensitively across both header maps.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        // Fast path: the HTTP adapter stores lower-case names.
        if let value = headers[lowered] { return value }
        if let match = headers.first(where: { $0.key.lowercased() == lowered }) { return match.value }
        return multiValueHeaders.first(where: { $0.key.lowercased() == lowered })?.value.first
    }

    /// The raw body bytes (base64-decoded when `isBase64Encoded`), or `nil` when the body is
    /// absent or not valid base64.
    public var bodyData: Data? {
        guard let body else { return nil }
        if isBase64Encoded { return Data(base64Encoded: body) }
        return Data(body.utf8)
    }

    /// Every value of a query key: the multi-value map when present, else the single value.
    public func queryValues(_ name: String) -> [String] {
        if let values = multiValueQueryStringParameters[name], !values.isEmpty { return values }
        if let value = queryStringParameters[name] { return [value] }
        return []
    }

    /// The client address after the trusted-proxy rule, or `"unknown"`.
    public var sourceIP: String { requestContext.identity.sourceIp ?? "unknown" }
}
