import CoreMetrics
import Synchronization

/// Every metric the server reports, with fixed names and fixed label sets, over a swift-metrics
/// factory handed in by the composition root (tests pass their own; nothing is bootstrapped here).
///
/// Labels only ever carry values from small closed sets (route templates, endpoint names, outcomes):
/// never a user id, an email, a token or a raw path, so a scrape cannot leak them and the number
/// of series stays bounded. Each name always uses the same label names (Prometheus requires it).
public struct RecordsMetrics: Sendable {
    /// The factory every metric is made from.
    public let factory: any MetricsFactory
    /// Whether anything is recorded; the disabled value skips even the clock reads.
    public let isEnabled: Bool
    /// The HTTP series made so far, so a request looks its counter and timer up once, without
    /// asking the factory (which locks and builds a key from the labels) twice per request.
    private let httpSeries = SeriesCache()

    private struct HTTPKey: Hashable {
        var method: String
        var route: String
        var status: Int
    }

    private final class SeriesCache: Sendable {
        let made = Mutex<[HTTPKey: (Counter, Timer)]>([:])
    }

    /// - Parameter factory: Where the metrics go (e.g. a `PrometheusMetricsFactory`).
    public init(factory: any MetricsFactory) {
        self.factory = factory
        self.isEnabled = true
    }

    private init(disabledWith factory: any MetricsFactory) {
        self.factory = factory
        self.isEnabled = false
    }

    /// Records nothing.
    public static let disabled = RecordsMetrics(disabledWith: NOOPMetricsHandler.instance)

    /// The route label for a request that matched no route.
    public static let unmatchedRoute = "unmatched"

    // MARK: HTTP

    /// One answered HTTP request.
    /// - Parameters:
    ///   - method: The request method (anything unusual is reported as `other`).
    ///   - route: The matched route's template, or ``unmatchedRoute``; never the raw path.
    ///   - status: The response status.
    ///   - duration: Time spent answering.
    public func httpRequest(method: String, route: String, status: Int, duration: Duration) {
        guard isEnabled else { return }
        let key = HTTPKey(method: Self.methodLabel(method), route: route, status: status)
        let (counter, timer) = httpSeries.made.withLock { made in
            if let series = made[key] { return series }
            let series = (
                Counter(
                    label: "http_requests_total",
                    dimensions: [("method", key.method), ("route", route), ("status", String(status))],
                    factory: factory),
                Timer(
                    label: "http_request_duration_seconds", dimensions: [("method", key.method), ("route", route)],
                    factory: factory)
            )
            made[key] = series
            return series
        }
        counter.increment()
        timer.recordNanoseconds(duration.nanosecondsClamped)
    }

    static func methodLabel(_ method: String) -> String {
        switch method {
        case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS": method
        default:
            switch method.uppercased() {
            case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS": method.uppercased()
            default: "other"
            }
        }
    }

    // MARK: Trackmania

    /// One attempt of a Trackmania call (every retry is an attempt too).
    /// - Parameters:
    ///   - endpoint: The client's short endpoint name (e.g. `live.top`).
    ///   - outcome: ``trackmaniaOutcome(status:)`` or ``trackmaniaOutcome(error:)``.
    public func trackmaniaAttempt(endpoint: String, outcome: String) {
        guard isEnabled else { return }
        Counter(
            label: "trackmania_requests_total", dimensions: [("endpoint", endpoint), ("outcome", outcome)],
            factory: factory
        ).increment()
    }

    /// A Trackmania call is retried after a failed attempt.
    public func trackmaniaRetry(endpoint: String) {
        guard isEnabled else { return }
        Counter(label: "trackmania_retries_total", dimensions: [("endpoint", endpoint)], factory: factory).increment()
    }

    /// The outcome label for an HTTP status: `success` for 2xx, `429` for rate limiting, else the class (`4xx`).
    public static func trackmaniaOutcome(status: Int) -> String {
        switch status {
        case 200..<300: "success"
        case 429: "429"
        default: "\(max(1, min(5, status / 100)))xx"
        }
    }

    /// The outcome label for an attempt that got no response: `timeout`, `connection`, `cancelled` or `error`.
    public static func trackmaniaOutcome(error: any Error) -> String {
        switch error {
        case TrackmaniaError.timeout: "timeout"
        case TrackmaniaError.connectionFailed: "connection"
        case is CancellationError: "cancelled"
        default: "error"
        }
    }

    /// How long one call waited for its rate-limit slot.
    public func trackmaniaLimiterWait(_ wait: Duration) {
        guard isEnabled else { return }
        Timer(label: "trackmania_limiter_wait_seconds", dimensions: [], factory: factory)
            .recordNanoseconds(wait.nanosecondsClamped)
    }

    // MARK: Database

    /// One connection lease from the database pool.
    /// - Parameter outcome: `leased`, `timeout` (no connection within the lease timeout) or `failed`.
    public func databaseLease(outcome: String) {
        guard isEnabled else { return }
        Counter(label: "db_pool_leases_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }

    // MARK: Daily run

    /// A finished daily run, from its report.
    public func dailyRun(_ report: DailyRunReport, duration: Duration) {
        guard isEnabled else { return }
        let status = report.phase == .failed ? "failed" : "completed"
        Counter(label: "daily_runs_total", dimensions: [("status", status)], factory: factory).increment()
        Timer(label: "daily_run_duration_seconds", dimensions: [("status", status)], factory: factory)
            .recordNanoseconds(duration.nanosecondsClamped)
        let counts: [(String, [(String, String)], Int)] = [
            ("daily_run_items_processed_total", [("phase", "1")], report.phase1Processed),
            ("daily_run_items_processed_total", [("phase", "2")], report.phase2Processed),
            ("daily_run_item_errors_total", [("phase", "1")], report.phase1Errors),
            ("daily_run_item_errors_total", [("phase", "2")], report.phase2Errors),
            ("daily_run_items_queued_total", [], report.itemsQueued),
            ("daily_run_emails_total", [("outcome", "sent")], report.emailsSent),
            ("daily_run_emails_total", [("outcome", "skipped")], report.emailsSkipped),
            ("daily_run_emails_total", [("outcome", "failed")], report.emailsFailed),
            ("daily_run_trackmania_calls_total", [], report.trackmaniaCalls),
            ("daily_run_exchange_calls_total", [], report.exchangeCalls),
        ]
        for (label, dimensions, value) in counts {
            Counter(label: label, dimensions: dimensions, factory: factory).increment(by: max(0, value))
        }
        // Push delivery, when push is wired (older reports and runs without it carry no counters).
        guard let push = report.push else { return }
        let pushCounts: [(String, [(String, String)], Int)] = [
            ("daily_run_push_posts_total", [("outcome", "sent")], push.postsSent),
            ("daily_run_push_posts_total", [("outcome", "deferred")], push.postsDeferred),
            ("daily_run_push_items_total", [("outcome", "delivered")], push.itemsDelivered),
            ("daily_run_push_items_total", [("outcome", "dropped")], push.itemsDropped),
            ("daily_run_push_items_total", [("outcome", "in_doubt")], push.itemsInDoubt),
            ("daily_run_push_channels_disabled_total", [], push.channelsDisabled),
        ]
        for (label, dimensions, value) in pushCounts {
            Counter(label: label, dimensions: dimensions, factory: factory).increment(by: max(0, value))
        }
    }

    // MARK: Map search

    /// A map-search job changed state.
    /// - Parameter state: `queued`, `completed`, `failed` or `cancelled`.
    public func mapSearchJob(state: String) {
        guard isEnabled else { return }
        Counter(label: "map_search_jobs_total", dimensions: [("state", state)], factory: factory).increment()
    }
}

extension Duration {
    /// Whole nanoseconds, clamped to `Int64` (a metric never needs more than 292 years).
    var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        guard seconds < Int64.max / 1_000_000_000 else { return .max }
        return max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
