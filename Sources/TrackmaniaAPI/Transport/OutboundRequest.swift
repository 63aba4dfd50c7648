import NIOHTTP1

/// One HTTP request to a Trackmania host, before authentication and the User-Agent are added.
struct OutboundRequest: Sendable {
    /// A short stable name for logs and metrics, e.g. `live.top`.
    var endpoint: String
    var method: HTTPMethod
    var url: String
    var headers: [(String, String)] = []
    var body: [UInt8]? = nil
}

/// The status and body of a finished request.
struct InboundResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
}

/// Supplies the `Authorization` header of an authenticated host and learns when it was refused.
protocol TokenSource: Sendable {
    /// The full header value, e.g. `nadeo_v1 t=…` or `Bearer …`, renewing the token first if needed.
    func authorizationHeader() async throws -> String
    /// The upstream answered 401 to a request carrying `authorization`; forget that token.
    func rejected(authorization: String) async
}
