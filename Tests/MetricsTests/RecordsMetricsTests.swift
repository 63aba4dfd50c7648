import Prometheus
import RecordsApp
import RecordsCore
import Testing

/// The recorder's series for the Trackmania clients, the database, the daily run and map searches,
/// on a registry of the test's own (no global bootstrap).
@Suite("Recorded series")
struct RecordsMetricsTests {
    @Test("Trackmania outcomes are status classes, 429, timeout or connection")
    func trackmaniaOutcomes() {
        #expect(RecordsMetrics.trackmaniaOutcome(status: 200) == "success")
        #expect(RecordsMetrics.trackmaniaOutcome(status: 204) == "success")
        #expect(RecordsMetrics.trackmaniaOutcome(status: 429) == "429")
        #expect(RecordsMetrics.trackmaniaOutcome(status: 404) == "4xx")
        #expect(RecordsMetrics.trackmaniaOutcome(status: 503) == "5xx")
        #expect(RecordsMetrics.trackmaniaOutcome(error: TrackmaniaError.timeout) == "timeout")
        #expect(RecordsMetrics.trackmaniaOutcome(error: TrackmaniaError.connectionFailed("refused")) == "connection")
        #expect(RecordsMetrics.trackmaniaOutcome(error: CancellationError()) == "cancelled")
    }

    @Test("each component's series appear with their labels")
    func series() throws {
        let metrics = AppMetrics(enabled: true)
        let recorder = metrics.recorder
        recorder.trackmaniaAttempt(endpoint: "live.top", outcome: "success")
        recorder.trackmaniaAttempt(endpoint: "live.top", outcome: "429")
        recorder.trackmaniaRetry(endpoint: "live.top")
        recorder.trackmaniaLimiterWait(.milliseconds(500))
        recorder.databaseLease(outcome: "leased")
        recorder.databaseLease(outcome: "timeout")
        recorder.mapSearchJob(state: "completed")
        var report = DailyRunReport(runId: 7, phase: .completed)
        report.phase1Processed = 4
        report.phase2Processed = 2
        report.itemsQueued = 3
        report.emailsSent = 2
        report.emailsFailed = 1
        var push = PushRunCounters()
        push.postsSent = 5
        push.postsDeferred = 1
        push.itemsDelivered = 12
        push.itemsInDoubt = 2
        push.channelsDisabled = 1
        report.push = push
        recorder.dailyRun(report, duration: .seconds(90))

        let text = try PrometheusText(metrics.exposition())
        #expect(text.value("trackmania_requests_total", ["endpoint": "live.top", "outcome": "success"]) == 1)
        #expect(text.value("trackmania_requests_total", ["endpoint": "live.top", "outcome": "429"]) == 1)
        #expect(text.value("trackmania_retries_total", ["endpoint": "live.top"]) == 1)
        #expect(text.value("trackmania_limiter_wait_seconds_count") == 1)
        #expect(text.value("db_pool_leases_total", ["outcome": "timeout"]) == 1)
        #expect(text.value("map_search_jobs_total", ["state": "completed"]) == 1)
        #expect(text.value("daily_runs_total", ["status": "completed"]) == 1)
        #expect(text.value("daily_run_items_processed_total", ["phase": "1"]) == 4)
        #expect(text.value("daily_run_items_queued_total") == 3)
        #expect(text.value("daily_run_emails_total", ["outcome": "sent"]) == 2)
        #expect(text.value("daily_run_emails_total", ["outcome": "failed"]) == 1)
        #expect(text.value("daily_run_duration_seconds_sum", ["status": "completed"]) == 90)
        #expect(text.value("daily_run_push_posts_total", ["outcome": "sent"]) == 5)
        #expect(text.value("daily_run_push_posts_total", ["outcome": "deferred"]) == 1)
        #expect(text.value("daily_run_push_items_total", ["outcome": "delivered"]) == 12)
        #expect(text.value("daily_run_push_items_total", ["outcome": "in_doubt"]) == 2)
        #expect(text.value("daily_run_push_channels_disabled_total") == 1)
    }

    @Test("disabled metrics record nothing")
    func disabled() {
        let metrics = AppMetrics(enabled: false)
        metrics.recorder.httpRequest(method: "GET", route: "/health", status: 200, duration: .zero)
        #expect(metrics.exposition().isEmpty)
    }

    @Test("METRICS_TOKEN and METRICS_PORT are checked at start-up")
    func config() throws {
        #expect(try !AppConfig(environment: [:]).metrics.isEnabled)
        let both = try AppConfig(environment: ["METRICS_TOKEN": " 0123456789abcdef ", "METRICS_PORT": "9464"])
        #expect(both.metrics == MetricsConfig(token: "0123456789abcdef", port: 9464))
        for (name, value) in [("METRICS_TOKEN", "short"), ("METRICS_PORT", "abc"), ("METRICS_PORT", "70000")] {
            let error = #expect(throws: AppConfig.Invalid.self) { try AppConfig(environment: [name: value]) }
            #expect(error?.description.hasPrefix(name) == true)
        }
    }
}
