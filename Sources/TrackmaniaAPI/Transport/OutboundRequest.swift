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
