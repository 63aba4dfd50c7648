/// What the fake has seen (`GET /_fake/stats`).
public struct FakeStats: Sendable, Codable, Equatable {
    /// Calls per endpoint name, faulted ones included.
    public var calls: [String: Int] = [:]
    /// Calls per User-Agent value.
    public var userAgents: [String: Int] = [:]
    /// Calls that carried no User-Agent.
    public var missingUserAgent = 0
    /// The most requests the fake was serving at once.
    public var maxInFlight = 0
    /// Requests being served now.
    public var inFlight = 0

    /// Creates a value from its fields.
    public init() {}

    /// Calls of one endpoint (0 if none).
    public func count(_ endpoint: String) -> Int { calls[endpoint] ?? 0 }
}
