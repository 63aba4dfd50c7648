import Foundation
import RecordsCore
import Testing

/// The live watcher on Lambda: a scheduled tick spends the time it has left (at most
/// `LAMBDA_WATCH_SECONDS`) watching, through the real watcher, lease and Trackmania clients.
@Suite("Lambda watch turns")
struct WatchTickTests {
    @Test("a tick watches for the time it has left, then gives the lease up; held elsewhere, it does not wait")
    func tickWatches() async throws {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        // The daily run from 23:00 (unless it is that hour now), so the watcher finds the listed maps unread.
        let gated = utc.component(.hour, from: Date()) < 23
        let environment = [
            "LAMBDA_WATCH_SECONDS": "3", "LAMBDA_SLICE_MARGIN_MS": "1000", "WATCH_RATE": "2",
            "LAMBDA_DAILY_HOUR": gated ? "23" : "0",
        ]
        try await LambdaTestApp.with(environment) { app in
            try await SlicedDailyRunTests.watchHefest(app, listed: true)
            let first = try await app.json(SlicedDailyRunTests.tick, deadlineIn: 120)
            #expect(first["dailyRun"] as? String == (gated ? "not-yet" : "completed"))
            let watch = try #require(first["watch"] as? [String: Any])
            #expect(watch["status"] as? String == "watched")
            let seconds = watch["seconds"] as? Double ?? 0
            #expect(seconds >= 2.5 && seconds < 60, "watched \(seconds) s")
            // At WATCH_RATE=2, reads of the unread maps (the pace allows a few in 3 s).
            if gated { #expect((watch["requests"] as? Int ?? 0) > 0) }
            // The lease was given up: another instance (a `serve`) takes it at once...
            let leases = app.runtime.dependencies.repositories.watchLeases
            let now = Date()
            #expect(
                try await leases.acquire(
                    name: WatchLease.name, holder: "serve-elsewhere", now: now, expiresAt: now.addingTimeInterval(120)))
            // ...and the next tick leaves the watching to it, without waiting for the lease.
            let started = Date()
            let second = try await app.json(SlicedDailyRunTests.tick, deadlineIn: 120)
            #expect((second["watch"] as? [String: Any])?["status"] as? String == "elsewhere")
            #expect(Date().timeIntervalSince(started) < 60)
        }
    }
}
