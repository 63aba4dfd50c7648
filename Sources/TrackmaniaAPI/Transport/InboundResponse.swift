import NIOHTTP1

/// The status and body of a finished request.
struct InboundResponse: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]
}
