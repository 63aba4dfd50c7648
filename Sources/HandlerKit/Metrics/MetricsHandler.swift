import Foundation
import RecordsCore

/// `GET /metrics`: the Prometheus text exposition, for scrapers holding `METRICS_TOKEN`.
///
/// Without a configured token the route answers 404 like an unknown path, so the public API shows
/// nothing; with one, callers must send `Authorization: Bearer <token>` (compared in constant time)
/// or get 401. A separate loopback listener (`METRICS_PORT`) serves the same text without a token.
public struct MetricsHandler: Handler {
    /// The media type Prometheus scrapers expect for the text format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    private let token: String?
    private let exposition: @Sendable () -> String

    /// - Parameters:
    ///   - token: `METRICS_TOKEN`, or `nil` to hide the route.
    ///   - exposition: Renders the current metrics in the Prometheus text format.
    public init(token: String?, exposition: @escaping @Sendable () -> String) {
        self.token = token
        self.exposition = exposition
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        guard let token else { throw HandlerError(404, "Not found", key: "error") }
        let offered = event.header("Authorization").flatMap(Self.bearer) ?? ""
        guard CronSecretCheck.constantTimeEqual(offered, token) else {
            throw HandlerError(401, "Unauthorized", key: "error")
        }
        return Response(statusCode: 200, headers: ["Content-Type": Self.contentType], body: exposition())
    }

    /// The credentials of a `Bearer` authorization header (scheme case-insensitive).
    static func bearer(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}
