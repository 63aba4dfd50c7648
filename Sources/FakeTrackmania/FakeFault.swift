/// A failure the fake injects into an endpoint (`POST /_fake/faults`).
public struct FakeFault: Sendable, Codable, Equatable {
    /// What goes wrong.
    public enum Kind: String, Sendable, Codable {
        /// Answer with `status` (default 500) and an error body.
        case status
        /// Answer 429 with `Retry-After: retryAfter` seconds.
        case rateLimit
        /// Wait `seconds` before answering normally (stacks with the other kinds).
        case delay
        /// Start a 200 response and close the connection mid-body.
        case drop
        /// Answer 200 with a body that is not valid JSON.
        case malformed
        /// Answer 200 with `[]` (the position endpoint sometimes does).
        case empty
    }

    /// An endpoint name from ``FakeEndpoint`` (e.g. `live.top`), or `*` for all.
    public var endpoint: String
    public var kind: Kind
    public var status: Int?
    public var retryAfter: Double?
    public var seconds: Double?
    /// How many calls it affects; `nil` until cleared.
    public var count: Int?
    /// Affects only every `every`-th matching call (the 3rd, 6th, … for 3), so a long run can see a
    /// steady share of failures; `nil` or 1 affects every matching call. Calls it lets through do not
    /// use up `count`.
    public var every: Int?

    /// Creates a value from its fields.
    public init(
        endpoint: String, kind: Kind, status: Int? = nil, retryAfter: Double? = nil, seconds: Double? = nil,
        count: Int? = nil, every: Int? = nil
    ) {
        self.endpoint = endpoint
        self.kind = kind
        self.status = status
        self.retryAfter = retryAfter
        self.seconds = seconds
        self.count = count
        self.every = every
    }
}
