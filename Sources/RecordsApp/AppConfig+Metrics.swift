import Foundation

/// Where `/metrics` is served, if anywhere (docs/metrics.md).
///
/// Settings:
/// - `METRICS_TOKEN`: serve `GET /metrics` on the public port to callers sending
///   `Authorization: Bearer <token>` (at least 16 characters); unset, the route answers 404;
/// - `METRICS_PORT`: also serve `GET /metrics` without a token on `127.0.0.1:<port>`, for a
///   scraper on the same host (or a sidecar).
///
/// With neither set nothing is measured at all.
public struct MetricsConfig: Sendable, Equatable {
    /// The bearer token for `/metrics` on the public port.
    public var token: String?
    /// The loopback-only metrics port.
    public var port: Int?

    /// Whether metrics are collected (some way to read them is configured).
    public var isEnabled: Bool { token != nil || port != nil }

    /// - Parameters:
    ///   - token: `METRICS_TOKEN`.
    ///   - port: `METRICS_PORT`.
    public init(token: String? = nil, port: Int? = nil) {
        self.token = token
        self.port = port
    }

    /// Reads the section.
    /// - Throws: ``AppConfig/Invalid`` naming the bad setting.
    init(_ reader: ConfigReader) throws {
        token = reader.value("METRICS_TOKEN")
        if let token, token.count < 16 {
            throw AppConfig.Invalid(description: "METRICS_TOKEN must be at least 16 characters long")
        }
        port =
            reader.value("METRICS_PORT") == nil
            ? nil : try reader.integer("METRICS_PORT", default: 0, range: 1...65535)
    }
}
