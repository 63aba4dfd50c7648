import Foundation

/// One request a fake received.
public struct FakePushRequest: Sendable, Equatable, Codable {
    public enum Service: String, Sendable, Codable {
        case discord
        case ntfy
    }

    public var service: Service
    /// The webhook id (Discord) or the topic (ntfy).
    public var key: String
    /// The webhook token (Discord) or the Bearer token (ntfy), as sent.
    public var token: String?
    /// The request's query string (Discord: `wait=true`).
    public var query: String?
    /// The JSON body, as text.
    public var body: String
    /// The status the fake answered.
    public var status: Int
    /// Why the fake refused it (its validation of the service's limits), if it did.
    public var refusal: String?
    /// When it arrived (unix seconds), for benchmarks that time delivery (scripts/bench-watch.py).
    public var receivedAt: Double = Date().timeIntervalSince1970
}

/// An answer programmed for the next request to a key.
public enum FakePushAnswer: Sendable, Equatable, Codable {
    /// 429 with `retry_after` seconds (Discord's JSON body and `Retry-After`).
    case rateLimited(retryAfter: Double)
    /// This status (404 for a deleted webhook, 500 for an outage…).
    case status(Int)
    /// Wait this many seconds, then answer normally.
    case slow(seconds: Double)
}

/// What the fakes received and what they are programmed to answer.
public actor FakePushState {
    public private(set) var requests: [FakePushRequest] = []
    private var programmed: [String: [FakePushAnswer]] = [:]
    private var always: [String: FakePushAnswer] = [:]
    /// Delay before every answer (benchmarks: a far side that takes time).
    public var latency: Double = 0
    /// ntfy topics that need this Bearer token.
    private var protectedTopics: [String: String] = [:]
    /// Keep the bodies of accepted requests (off for long benchmarks: counters only).
    public var keepBodies = true
    private var units: [String: Int] = [:]
    public private(set) var stats = FakePushStats()

    public init() {}

    /// Answers the next requests to `key` (webhook id or topic) with `answers`, in order.
    public func program(_ key: String, _ answers: [FakePushAnswer]) {
        programmed[key, default: []] += answers
    }

    /// Answers every request to `key` with `answer` until cleared with `nil`.
    public func setAlways(_ key: String, _ answer: FakePushAnswer?) {
        always[key] = answer
    }

    public func setLatency(_ seconds: Double) { latency = seconds }

    public func setKeepBodies(_ keep: Bool) { keepBodies = keep }

    /// Requires `token` for publishing to `topic`.
    public func protect(topic: String, token: String) { protectedTopics[topic] = token }

    func nextAnswer(_ key: String) -> FakePushAnswer? {
        if let answer = always[key] { return answer }
        guard var queue = programmed[key], !queue.isEmpty else { return nil }
        let answer = queue.removeFirst()
        programmed[key] = queue
        return answer
    }

    func requiredToken(topic: String) -> String? { protectedTopics[topic] }

    /// Records a request; `units` are the news units it carried (embeds, ntfy blocks), counted to find
    /// any delivered twice.
    func record(_ request: FakePushRequest, units delivered: [String]) {
        if request.status < 300 {
            switch request.service {
            case .discord: stats.discordPosts += 1
            case .ntfy: stats.ntfyPosts += 1
            }
            for unit in delivered {
                let key = "\(request.service.rawValue)|\(request.key)|\(unit)"
                let seen = units[key, default: 0]
                if seen > 0 { stats.duplicateUnits += 1 }
                units[key] = seen + 1
                stats.units += 1
            }
        } else {
            stats.refused += 1
        }
        if keepBodies || request.status >= 300 { requests.append(request) }
    }

    /// Forgets everything received (programmed answers stay).
    public func reset() {
        requests = []
        units = [:]
        stats = FakePushStats()
    }

    /// Accepted requests to one key.
    public func accepted(_ key: String) -> [FakePushRequest] {
        requests.filter { $0.key == key && $0.status < 300 }
    }
}

/// Counters of the fakes (the control API's `/_fake/stats`).
public struct FakePushStats: Sendable, Equatable, Codable {
    public var discordPosts = 0
    public var ntfyPosts = 0
    /// Embeds and ntfy blocks accepted.
    public var units = 0
    /// Units that arrived more than once at the same key.
    public var duplicateUnits = 0
    /// Requests answered with an error.
    public var refused = 0

    public init() {}
}
