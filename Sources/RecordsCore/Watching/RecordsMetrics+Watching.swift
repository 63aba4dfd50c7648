import CoreMetrics

/// The live watcher's metrics (docs/metrics.md): what it reads and probes, how fresh its news is,
/// and how much of its budget it spends.
extension RecordsMetrics {
    /// The detection delay histogram's name; its buckets span a minute to two days (set by the
    /// composition root).
    public static let watchDetectionDelayLabel = "watch_detection_delay_seconds"

    /// Bucket bounds of the detection delay, in seconds.
    public static let watchDetectionDelayBuckets: [Duration] = [
        10, 30, 60, 120, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 2 * 86_400,
    ].map { .seconds($0) }

    /// One leaderboard read by the watcher (`ok` or `failed`); rate() of it gives checks per minute.
    public func watchRead(outcome: String) {
        guard isEnabled else { return }
        Counter(label: "watch_checks_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }

    /// One batched position probe (`ok`, `empty` or `failed`).
    public func watchProbe(outcome: String) {
        guard isEnabled else { return }
        Counter(label: "watch_probes_total", dimensions: [("outcome", outcome)], factory: factory).increment()
    }

    /// The time from a record being set (its leaderboard timestamp) to the watcher committing it.
    public func watchDetectionDelay(_ seconds: Double) {
        guard isEnabled else { return }
        Timer(label: Self.watchDetectionDelayLabel, dimensions: [], factory: factory)
            .recordNanoseconds(Int64(min(seconds, 9e9) * 1e9))
    }

    /// The share of its budget the watcher spent over the last minute (0…1, more only if the pace
    /// was overrun, which it is built not to).
    public func watchBudgetUse(_ share: Double) {
        guard isEnabled else { return }
        Gauge(label: "watch_budget_use_ratio", dimensions: [], factory: factory).record(share)
    }

    /// Whether this instance holds the watch lease (1) or not (0).
    public func watchLeaseHeld(_ held: Bool) {
        guard isEnabled else { return }
        Gauge(label: "watch_lease_held", dimensions: [], factory: factory).record(held ? 1 : 0)
    }
}
