import FakeTrackmania
import Foundation
import RecordsCore
import Testing

/// The daily run end to end against the fake Trackmania service over HTTP and a real store, with the
/// world changed between runs through the fake's control API.
@Suite(.serialized) struct DailyRunStoryTests {
    @Test(arguments: Backend.testable)
    func newRecordsImprovementsWRsAndDriversAreReportedOnceEach(backend: Backend) async throws {
        try await DailyHarness.with(backend) { h in
            // Run 1: first check of every map. Only A1's hour-old WR is fresh; BigAuthor's 120 maps
            // switch the alert to inaccurate mode and are probed in batches of 50, then read once.
            let first = try await h.run()
            var stats = await h.takeCalls()
            var mails = await h.mailer.drain()
            #expect(mails.recipients == ["mappera@example.com"])
            let firstMail = try #require(mails.to("MapperA"))
            #expect(firstMail.subject == "1 new record on Alpha <One>")
            #expect(firstMail.text.contains("Alpha <One> · 1 new record\n"))
            #expect(firstMail.text.contains("  🥇 #1 Player0 · 30.000 · France · "))
            #expect(firstMail.html?.contains("Alpha &lt;One&gt;") == true)
            #expect(first.phase1Processed == 3)
            #expect(first.phase2Processed == 1)
            #expect(first.emailsSent == 1)
            #expect(first.itemsQueued == 1)
            #expect(first.mapsFetched == 123)
            #expect(stats.count("live.top") == 123)
            #expect(stats.count("live.position") == 3)
            #expect(stats.count("oauth.displayNames") == 1)
            #expect(
                first.trackmaniaCalls
                    == stats.count("live.top") + stats.count("live.position") + stats.count("oauth.displayNames")
                    + stats.count("live.mapInfo"))
            #expect(first.exchangeCalls == stats.count("tmx.maps"))
            let big = try await h.repositories.alerts.alertsForDailyRun().first { $0.username == "BigAuthor" }
            #expect(big?.alertType == .inaccurate)
            #expect(big?.mapCount == 120)

            // Run 2, same day, nothing changed: nothing is sent again; unchanged inaccurate maps are not read.
            let second = try await h.run()
            stats = await h.takeCalls()
            #expect(await h.mailer.drain().isEmpty)
            #expect(second.emailsSent == 0 && second.itemsQueued == 0)
            #expect(stats.count("live.top") == 3)
            #expect(stats.count("live.position") == 3)

            // The world moves: a new record and an improvement on A1, a WR on the co-authored A2 that
            // beats the driver, 150 new records on POP, a new record on one of BigAuthor's maps.
            h.clock.advance(days: 1)
            try await h.submit("A1", player: 50, score: 35_000)
            try await h.submit("A1", player: 5, score: 30_050)
            try await h.submit("A2", player: 12, score: 39_000)
            for player in 0..<150 { try await h.submit("POP", player: player, score: 60_000 + player * 10) }
            try await h.submit("BIG7", player: 30, score: 49_000)
            _ = await h.takeCalls()

            let third = try await h.run()
            stats = await h.takeCalls()
            mails = await h.mailer.drain()
            #expect(
                mails.recipients == [
                    "bigauthor@example.com", "comapper@example.com", "dan@example.com", "mappera@example.com",
                ])
            #expect(third.itemsQueued == 2 + 1 + 100 + 1 + 1 + 1)
            #expect(stats.count("live.top") == 4)
            let mapper = try #require(mails.to("MapperA"))
            #expect(mapper.text.contains("  #11 Player50 · 35.000 · France · "))
            #expect(mapper.text.contains("  🥈 #2 Player5 (improved) · 30.050 · France · "))
            #expect(mapper.text.contains("Beta & Co · 1 new record\n  🥇 #1 Player12"))
            #expect(
                mapper.text.contains(
                    "Popular · 100 new records\n  More than 20 new records on this map: open its leaderboard to see them all.\n"
                ))
            #expect(!mapper.text.contains("Player149"))
            let co = try #require(mails.to("CoMapper"))
            #expect(co.subject == "1 new record on Beta & Co")
            #expect(co.text.contains("Beta & Co · 1 new record\n  🥇 #1 Player12 (improved) · "))
            #expect(!co.text.contains("Alpha"))
            let bigMail = try #require(mails.to("BigAuthor"))
            #expect(bigMail.text.contains("Big 7 · ") && bigMail.text.contains(" Player30 · "))
            let dan = try #require(mails.to("dan"))
            #expect(dan.subject == "You were passed on 1 map")
            #expect(dan.text.contains("Beta & Co\n  Passed: 🥉 #3 → #4 · your time 40.200\n"))
            #expect(dan.text.contains("  Passed by Player12: 39.000, 1.200 faster than you\n"))
            #expect(try await h.repositories.notificationHistory.count(kind: .mapperAlert, status: .sent) == 4)
            #expect(try await h.repositories.notificationHistory.count(kind: .driverNotification, status: .sent) == 1)

            // The driver takes the WR back the same day: everyone concerned already had today's digest,
            // so the news waits for tomorrow's.
            try await h.submit("A2", player: DailyWorld.driver, score: 38_500)
            let fourth = try await h.run()
            #expect(await h.mailer.drain().isEmpty)
            #expect(fourth.emailsSkipped == 3)
            #expect(try await h.pendingItemCount() == 3)

            h.clock.advance(days: 1)
            let fifth = try await h.run()
            mails = await h.mailer.drain()
            #expect(fifth.emailsSent == 3)
            #expect(mails.recipients == ["comapper@example.com", "dan@example.com", "mappera@example.com"])
            let improved = try #require(mails.to("dan"))
            #expect(
                improved.text.contains(
                    "  New personal best: 38.500 (was 40.200, 1.700 faster)\n  Position: #4 → 🥇 #1\n"))
            #expect(try #require(mails.to("MapperA")).text.contains("Player150 (improved)"))
            let danUser = try #require(try await h.repositories.users.user(loginIdentifier: "dan"))
            let notes = try await h.repositories.driverNotifications.notifications(userId: danUser.id)
            #expect(notes.first?.currentPosition == 1 && notes.first?.personalBest == 38_500)

            // "Improved" is said once: the stored best moved with it.
            h.clock.advance(days: 1)
            let sixth = try await h.run()
            #expect(await h.mailer.drain().isEmpty)
            #expect(sixth.itemsQueued == 0)
        }
    }

    @Test(arguments: Backend.testable)
    func aSkippedDayLosesNothing(backend: Backend) async throws {
        try await DailyHarness.with(backend) { h in
            try await h.run()
            _ = await h.mailer.drain()
            // Three days without a run; the record was driven two days before the next one.
            h.clock.advance(days: 3)
            try await h.submit("A1", player: 60, score: 30_010, secondsAgo: 2 * 86_400)
            let report = try await h.run()
            let mails = await h.mailer.drain()
            #expect(report.emailsSent == 1)
            #expect(mails.to("MapperA")?.text.contains("  🥈 #2 Player60 · 30.010 · France · ") == true)
        }
    }

    @Test(arguments: Backend.testable)
    func mailDownDuringSendKeepsItemsPendingThenDeliversOnce(backend: Backend) async throws {
        try await DailyHarness.with(backend) { h in
            await h.mailer.setFailing(true)
            let failed = try await h.run()
            #expect(failed.emailsFailed == 1 && failed.emailsSent == 0)
            #expect(failed.phase == .completed)
            #expect(try await h.pendingItemCount() == 1)
            #expect(try await h.repositories.notificationHistory.count(kind: .mapperAlert, status: .sent) == 0)
            #expect(await h.mailer.attempts == 1)

            await h.mailer.setFailing(false)
            let retried = try await h.run()
            let mails = await h.mailer.drain()
            #expect(retried.emailsSent == 1)
            #expect(mails.recipients == ["mappera@example.com"])
            #expect(mails.first?.text.contains("Player0") == true)
            #expect(try await h.pendingItemCount() == 0)
            #expect(try await h.repositories.notificationHistory.count(kind: .mapperAlert, status: .sent) == 1)
            let day = Timestamps.utcDay(h.clock.now)
            #expect(try await h.repositories.dailyDigests.email(username: "MapperA", day: day)?.status == .sent)

            try await h.run()
            #expect(await h.mailer.drain().isEmpty)
        }
    }

    @Test(arguments: Backend.testable)
    func aRunKilledMidwayIsResumedAndNothingIsLostOrDoubled(backend: Backend) async throws {
        try await DailyHarness.with(backend) { h in
            let crashed = try await h.run(checkpoint: { point in
                if point == .mapCommitted("BIG5") { throw SimulatedCrash() }
            })
            #expect(crashed.phase == .failed)
            #expect(await h.mailer.drain().isEmpty)
            _ = await h.takeCalls()

            let resumed = try await h.run()
            let stats = await h.takeCalls()
            #expect(resumed.resumedFrom == crashed.runId)
            #expect(resumed.phase == .completed)
            // Maps committed before the crash are not read again (A2 still is, for the driver).
            #expect(stats.count("live.top") < 123)
            #expect(await h.mailer.drain().recipients == ["mappera@example.com"])
            let runs = try await h.repositories.dailyRuns.recent(limit: 5)
            #expect(runs.map(\.status) == [.completed, .failed])

            // A crash just before a send (a day later: MapperA had today's digest): it goes out once on the next run.
            h.clock.advance(days: 1)
            try await h.submit("A1", player: 70, score: 29_000)
            let beforeSend = try await h.run(checkpoint: { point in
                if case .beforeSend = point { throw SimulatedCrash() }
            })
            #expect(beforeSend.phase == .failed)
            #expect(await h.mailer.drain().isEmpty)
            try await h.run()
            let mails = await h.mailer.drain()
            #expect(mails.recipients == ["mappera@example.com"])
            #expect(mails.first?.text.contains("Player70") == true)
            try await h.run()
            #expect(await h.mailer.drain().isEmpty)
        }
    }

    /// A run that stops midway reports what it did up to there: the items it queued stay queued, so
    /// its summary must count them (it used to show the counters of the last phase boundary).
    @Test(arguments: Backend.testable)
    func aFailedRunReportsTheCountersItReached(backend: Backend) async throws {
        try await DailyHarness.with(backend) { h in
            let crashed = try await h.run(checkpoint: { point in
                guard case .mapCommitted = point else { return }
                if try await h.pendingItemCount() > 0 { throw SimulatedCrash() }
            })
            #expect(crashed.phase == .failed)
            let pending = try await h.pendingItemCount()
            #expect(pending > 0)
            #expect(crashed.itemsQueued == pending)
            let stored = try #require(try await h.repositories.dailyRuns.recent(limit: 1).first)
            #expect(DailyRunReport.decode(stored.summary)?.itemsQueued == pending)
        }
    }

    @Test(arguments: Backend.testable)
    func trackmaniaFailuresDelayNewsButNeverLoseIt(backend: Backend) async throws {
        try await DailyHarness.with(backend, configure: { $0.requestTimeout = .seconds(2) }) { h in
            // The first map read (A1, the only one with news) fails: 500, then 429 beyond the
            // Retry-After budget, then timeouts. Each time its baseline stays put.
            let faults = [
                #"{"endpoint":"live.top","kind":"status","status":500,"count":2}"#,
                #"{"endpoint":"live.top","kind":"rateLimit","retryAfter":3,"count":1}"#,
                #"{"endpoint":"live.top","kind":"delay","seconds":6,"count":2}"#,
            ]
            for fault in faults {
                try await h.faults(fault)
                let report = try await h.run()
                try await h.faults(nil)
                #expect(report.phase == .completed)
                #expect(report.phase1Errors == 1, "\(fault)")
                #expect(await h.mailer.drain().isEmpty, "\(fault)")
            }
            #expect(
                try await h.repositories.notificationHistory.count(kind: .mapperAlert, status: .technicalError) == 3)
            let report = try await h.run()
            #expect(report.phase1Errors == 0)
            let mails = await h.mailer.drain()
            #expect(mails.recipients == ["mappera@example.com"])
            #expect(mails.first?.text.contains("Player0") == true)
        }
    }

    @Test(arguments: Backend.testable)
    func twoConcurrentRunsOnTwoInstancesRunOnce(backend: Backend) async throws {
        try await DailyHarness.with(backend, instances: 2) { h in
            let reached = Gate()
            let proceed = Gate()
            let first = h.coordinator(
                instance: 0,
                checkpoint: { point in
                    if point == .mapCommitted("A1") {
                        await reached.release()
                        await proceed.wait()
                    }
                })
            let running = Task { try await first.runNow() }
            await reached.wait()
            let runningId = try await h.databases[1].repositories.dailyRuns.running()?.id
            #expect(runningId != nil)
            #expect(try await h.coordinator(instance: 1).runNow() == .busy(runId: runningId))
            #expect(try await h.coordinator(instance: 1).start() == .busy(runId: runningId))
            await proceed.release()
            guard case .finished(let report) = try await running.value else {
                Issue.record("the first run did not finish")
                return
            }
            #expect(report.runId == runningId)
            #expect(await h.mailer.drain().recipients == ["mappera@example.com"])
            // The lock is free again.
            try await h.run()
            #expect(await h.mailer.drain().isEmpty)
        }
    }

    @Test(arguments: Backend.testable)
    func aRunWhoseProcessDiedIsTakenOver(backend: Backend) async throws {
        try await DailyHarness.with(backend) { h in
            // A row left `running` by a process that died (no lock is held any more).
            let dead = try await h.repositories.dailyRuns.start(day: Timestamps.utcDay(h.clock.now), now: h.clock.now)
            let report = try await h.run()
            #expect(report.resumedFrom == dead.id)
            #expect(try await h.repositories.dailyRuns.run(id: dead.id)?.status == .failed)
            #expect(await h.mailer.drain().recipients == ["mappera@example.com"])
        }
    }

    @Test(arguments: Backend.testable)
    func aRunCrossingUTCMidnightOrphansNothing(backend: Backend) async throws {
        // Thirty seconds before midnight; the run's first commit pushes the clock past it.
        let today = floor(Date().timeIntervalSince1970 / 86_400) * 86_400
        let start = Date(timeIntervalSince1970: today + 86_400 - 30)
        try await DailyHarness.with(backend, start: start) { h in
            let before = Timestamps.utcDay(h.clock.now)
            let report = try await h.run(checkpoint: { point in
                if point == .mapCommitted("A1") { h.clock.advance(seconds: 60) }
            })
            let after = Timestamps.utcDay(h.clock.now)
            #expect(before != after)
            #expect(report.emailsSent == 1)
            #expect(await h.mailer.drain().recipients == ["mappera@example.com"])
            #expect(try await h.pendingItemCount() == 0)
            let digests = h.repositories.dailyDigests
            #expect(try await digests.email(username: "MapperA", day: after)?.status == .sent)
            #expect(try await digests.email(username: "MapperA", day: before) == nil)
            let history = try await h.repositories.notificationHistory.history(since: before)
            #expect(history.filter { $0.status == .sent }.map(\.processingDate) == [after])
            try await h.run()
            #expect(await h.mailer.drain().isEmpty)
        }
    }

    @Test(arguments: Backend.testable)
    func aDriverWhoLeavesTheRangeIsToldOnce(backend: Backend) async throws {
        try await DailyHarness.with(backend) { h in
            var settings = DailyHarness.settings
            settings.topN = 3
            try await h.run(settings: settings)
            _ = await h.mailer.drain()
            h.clock.advance(days: 1)
            try await h.submit("A2", player: 12, score: 39_000)
            try await h.run(settings: settings)
            let mails = await h.mailer.drain()
            let dan = try #require(mails.to("dan"))
            #expect(dan.text.contains("Beta & Co\n  You are no longer in the top 3 (you were #3)\n"))
            h.clock.advance(days: 1)
            let again = try await h.run(settings: settings)
            #expect(again.itemsQueued == 0)
            #expect(await h.mailer.drain().isEmpty)
            let user = try #require(try await h.repositories.users.user(loginIdentifier: "dan"))
            let note = try await h.repositories.driverNotifications.notifications(userId: user.id).first
            #expect(note?.currentPosition == 4 && note?.status == .inactive)
        }
    }

    @Test(arguments: Backend.testable)
    func aCancelledRunIsResumedByTheNextOne(backend: Backend) async throws {
        try await DailyHarness.with(backend) { h in
            // The task running the run is cancelled mid-way, as a shutdown would.
            let task = Task {
                try await h.coordinator(checkpoint: { point in
                    if point == .mapCommitted("BIG20") { withUnsafeCurrentTask { $0?.cancel() } }
                }).runNow()
            }
            _ = try? await task.value
            #expect(await h.mailer.drain().isEmpty)
            let resumed = try await h.run()
            #expect(resumed.resumedFrom != nil)
            #expect(resumed.phase == .completed)
            #expect(await h.mailer.drain().recipients == ["mappera@example.com"])
            try await h.run()
            #expect(await h.mailer.drain().isEmpty)
        }
    }
}
