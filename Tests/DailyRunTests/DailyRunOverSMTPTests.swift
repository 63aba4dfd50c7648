import FakeTrackmania
import Foundation
import HandlerKit
import Logging
import RecordsApp
import RecordsCore
import SMTPTestServer
import Testing
import TrackmaniaAPI

/// The daily run with real parts on both sides: the fake Trackmania service over HTTP (changed
/// between runs through its control API), a real store, and the production ``SMTPMailer``
/// (`SMTP_SECURITY=none`) delivering to a loopback SMTP receiver. Every assertion is about what the
/// receiver accepted.
@Suite(.serialized) struct DailyRunOverSMTPTests {
    @Test(arguments: Backend.testable)
    func digestsArriveOnceWithExactContents(backend: Backend) async throws {
        try await SMTPDailyHarness.with(backend) { h in
            // dan drives A2 and also watches CoMapper's maps: the combined digest (third subject).
            let dan = try #require(try await h.repositories.users.user(loginIdentifier: "dan"))
            _ = try await h.repositories.alerts.create(
                NewAlert(userId: dan.id, username: "CoMapper", email: dan.email, recordFilter: .top5), now: h.clock.now)
            let start = h.clock.seconds

            // Run 1: the first check reports only A1's hour-old WR.
            let first = try await h.run()
            var mails = await h.smtp.take()
            #expect(first.emailsSent == 1 && first.emailsFailed == 0)
            #expect(mails.count == 1)
            let firstMail = try #require(mails.to("MapperA"))
            #expect(firstMail.mailFrom == "records@example.com")
            #expect(firstMail.header("To") == "mappera@example.com")
            #expect(firstMail.header("From")?.hasSuffix("<records@example.com>") == true)
            #expect(firstMail.subject == "1 new record on Alpha <One>")
            #expect(firstMail.header("Content-Type")?.hasPrefix("multipart/alternative") == true)
            #expect(firstMail.body("text/plain") != nil && firstMail.body("text/html") != nil)
            #expect(firstMail.plain.hasPrefix("Hello MapperA,\n\nIn this digest:\n- 1 new record on your map\n"))
            #expect(
                firstMail.plain.contains(
                    "Alpha <One> · 1 new record\n  🥇 #1 Player0 · 30.000 · France · \(utcMinute(start - 3600))\n"
                        + "  Leaderboard: https://trackmania.io/#/leaderboard/A1\n"))
            #expect(firstMail.plain.components(separatedBy: " Player0 · ").count == 2)
            #expect(firstMail.html.contains(">Alpha &lt;One&gt;</div>"))
            #expect(firstMail.html.contains(">Player0<br><span class=\"mute\""))
            #expect(firstMail.html.contains("France · \(utcMinute(start - 3600))</span>"))
            #expect(firstMail.html.contains("href=\"https://trackmania.io/#/leaderboard/A1\""))

            // Run 2, same day, nothing changed: nothing arrives.
            let second = try await h.run()
            #expect(second.emailsSent == 0 && second.itemsQueued == 0)
            #expect(await h.smtp.take().isEmpty)

            // The next day: a new record on A1, a WR on the co-authored A2 that beats the driver, and
            // 150 new records on POP (the top 100 of them are read: truncated).
            h.clock.advance(days: 1)
            try await h.daily.submit("A1", player: 50, score: 35_000)
            try await h.daily.submit("A2", player: 12, score: 39_000)
            for player in 0..<150 { try await h.daily.submit("POP", player: player, score: 60_000 + player * 10) }
            let now = h.clock.seconds
            let third = try await h.run()
            mails = await h.smtp.take()
            #expect(third.emailsSent == 3)
            #expect(mails.recipients == ["comapper@example.com", "dan@example.com", "mappera@example.com"])
            #expect(mails.allSatisfy { $0.recipients.count == 1 })

            let mapper = try #require(mails.to("MapperA"))
            #expect(mapper.subject == "102 new records on your maps")
            #expect(
                mapper.plain.contains(
                    "Alpha <One> · 1 new record\n  #11 Player50 · 35.000 · France · \(utcMinute(now - 60))\n"))
            #expect(mapper.plain.contains("Beta & Co · 1 new record\n  🥇 #1 Player12 (improved) · 39.000 · France · "))
            #expect(
                mapper.plain.contains(
                    "Popular · 100 new records\n  More than 20 new records on this map: open its leaderboard to see them all.\n"
                        + "  Best new position: 🥇 #1\n  Leaderboard: https://trackmania.io/#/leaderboard/POP\n"))
            #expect(mapper.html.contains("More than 20 new records on this map: open its leaderboard to see them all."))
            #expect(!mapper.plain.contains("Player99 "))
            #expect(mapper.html.contains(">Beta &amp; Co</div>"))
            // Best positions first: the two WR maps before the record at #11.
            #expect(
                mapper.plain.range(of: "Beta & Co ·")!.lowerBound < mapper.plain.range(of: "Alpha <One> ·")!.lowerBound)

            let co = try #require(mails.to("CoMapper"))
            #expect(co.subject == "1 new record on Beta & Co")
            #expect(co.plain.contains("Beta & Co · 1 new record\n  🥇 #1 Player12 (improved) · 39.000 · France · "))
            #expect(!co.plain.contains("Alpha") && !co.plain.contains("Popular"))

            let driver = try #require(mails.to("dan"))
            #expect(driver.subject == "1 new record on Beta & Co · you were passed on 1 map")
            #expect(
                driver.plain.hasPrefix(
                    "Hello dan,\n\nIn this digest:\n- You were passed on 1 map\n- 1 new record on your map\n"))
            #expect(driver.plain.contains("NEW RECORDS ON YOUR MAPS\n"))
            #expect(driver.plain.contains("YOUR TIMES\n"))
            #expect(driver.plain.contains("Beta & Co · 1 new record\n  🥇 #1 Player12 (improved)"))
            #expect(
                driver.plain.contains(
                    "Beta & Co\n  Passed: 🥉 #3 → #4 · your time 40.200\n  Passed by Player12: 39.000, 1.200 faster than you\n"
                        + "  Detected \(utcMinute(now))\n  Leaderboard: https://trackmania.io/#/leaderboard/A2\n"))
            #expect(driver.html.contains("Passed: 🥉 #3 → #4 · your time 40.200"))
            #expect(
                driver.html.contains(
                    ">Player12<br><span class=\"mute\" style=\"font-size:12px;color:#57606a\">1.200 faster than you</span>"
                ))
            #expect(driver.body("text/plain") != nil && driver.body("text/html") != nil)
            #expect(try await h.repositories.notificationHistory.count(kind: .driverNotification, status: .sent) == 1)

            // Same day again: nothing more.
            let fourth = try await h.run()
            #expect(fourth.emailsSent == 0)
            #expect(await h.smtp.take().isEmpty)

        }
    }

    @Test(arguments: Backend.testable)
    func aDriverOnlyDigestHasItsOwnSubject(backend: Backend) async throws {
        try await SMTPDailyHarness.with(backend) { h in
            try await h.run()
            _ = await h.smtp.take()
            h.clock.advance(days: 1)
            try await h.daily.submit("A2", player: 12, score: 39_000)
            try await h.run()
            let mails = await h.smtp.take()
            let dan = try #require(mails.to("dan"))
            #expect(dan.subject == "You were passed on 1 map")
            #expect(dan.plain.hasPrefix("Hello dan,\n\nIn this digest:\n- You were passed on 1 map\n"))
            #expect(
                dan.plain.contains(
                    "Passed: 🥉 #3 → #4 · your time 40.200\n  Passed by Player12: 39.000, 1.200 faster than you"))
            #expect(!dan.plain.contains("NEW RECORDS"))
            #expect(mails.recipients == ["comapper@example.com", "dan@example.com", "mappera@example.com"])
        }
    }

    @Test(arguments: Backend.testable)
    func aSkippedDayLosesNothing(backend: Backend) async throws {
        try await SMTPDailyHarness.with(backend) { h in
            try await h.run()
            #expect(await h.smtp.take().count == 1)
            // Day 2: a record, but no run. Day 3: another record, then the run.
            h.clock.advance(days: 1)
            let day2 = h.clock.seconds
            try await h.daily.submit("A1", player: 60, score: 30_010)
            h.clock.advance(days: 1)
            let day3 = h.clock.seconds
            try await h.daily.submit("A1", player: 61, score: 30_020)
            let report = try await h.run()
            let mails = await h.smtp.take()
            #expect(report.emailsSent == 1)
            #expect(mails.recipients == ["mappera@example.com"])
            let text = try #require(mails.first).plain
            #expect(
                text.contains(
                    "  🥈 #2 Player60 · 30.010 · France · \(utcMinute(day2 - 60))\n"
                ))
            #expect(
                text.contains(
                    "  🥉 #3 Player61 · 30.020 · France · \(utcMinute(day3 - 60))\n"
                ))
            #expect(text.components(separatedBy: " · France · ").count == 3)
            try await h.run()
            #expect(await h.smtp.take().isEmpty)
        }
    }

    /// The mail server refuses (421 at the greeting, 451 after DATA) or is down during the send phase:
    /// nothing arrives, the items stay pending, and the next run delivers them exactly once.
    @Test(arguments: Backend.testable)
    func smtpOutagesKeepItemsPendingThenDeliverOnce(backend: Backend) async throws {
        try await SMTPDailyHarness.with(backend) { h in
            let outages = ["greeting 421", "DATA 451", "server down"]
            for (index, outage) in outages.enumerated() {
                var expected = "Player0"
                if index > 0 {
                    h.clock.advance(days: 1)
                    try await h.daily.submit("A1", player: 70 + index, score: 29_000 - index * 100)
                    expected = "Player\(70 + index)"
                }
                switch index {
                case 0: await h.smtp.setFault(.greeting(421))
                case 1: await h.smtp.setFault(.data(451))
                default: await h.smtp.stop()
                }
                let failed = try await h.run()
                #expect(failed.phase == .completed, "\(outage)")
                #expect(failed.emailsFailed == 1 && failed.emailsSent == 0, "\(outage)")
                #expect(await h.smtp.take().isEmpty, "\(outage)")
                #expect(try await h.daily.pendingItemCount() == 1, "\(outage)")
                #expect(
                    try await h.repositories.notificationHistory.count(kind: .mapperAlert, status: .sent) == index,
                    "\(outage)")

                if index < 2 { await h.smtp.setFault(.none) } else { try await h.smtp.restart() }
                let retried = try await h.run()
                let mails = await h.smtp.take()
                #expect(retried.emailsSent == 1, "\(outage)")
                #expect(mails.recipients == ["mappera@example.com"], "\(outage)")
                #expect(mails.first?.plain.contains(" \(expected) · ") == true, "\(outage)")
                #expect(mails.first?.plain.components(separatedBy: " · France · ").count == 2, "\(outage)")
                #expect(try await h.daily.pendingItemCount() == 0, "\(outage)")
                let day = Timestamps.utcDay(h.clock.now)
                #expect(try await h.repositories.dailyDigests.email(username: "MapperA", day: day)?.status == .sent)

                try await h.run()
                #expect(await h.smtp.take().isEmpty, "\(outage)")
            }
            #expect(try await h.repositories.notificationHistory.count(kind: .mapperAlert, status: .sent) == 3)
        }
    }

    /// A run that stops mid-way (a crash after a map's commit, a cancelled task) and is run again:
    /// nothing lost, nothing doubled. A crash between the server's acceptance and the delivery commit
    /// resends that one digest (the documented at-least-once window).
    @Test(arguments: Backend.testable)
    func runsStoppedMidwayLoseAndDoubleNothing(backend: Backend) async throws {
        try await SMTPDailyHarness.with(backend) { h in
            let crashed = try await h.run(checkpoint: { point in
                if point == .mapCommitted("BIG5") { throw SimulatedCrash() }
            })
            #expect(crashed.phase == .failed)
            #expect(await h.smtp.take().isEmpty)
            let resumed = try await h.run()
            #expect(resumed.resumedFrom == crashed.runId)
            var mails = await h.smtp.take()
            #expect(mails.recipients == ["mappera@example.com"])
            #expect(mails.first?.plain.contains(" Player0 · ") == true)
            try await h.run()
            #expect(await h.smtp.take().isEmpty)

            // A cancelled run (the caller went away mid-run), then a rerun: the lock is free again and the
            // news arrives once, whichever of the two runs delivered it.
            h.clock.advance(days: 1)
            try await h.daily.submit("A1", player: 70, score: 29_000)
            let reached = Gate()
            let proceed = Gate()
            let coordinator = h.coordinator(checkpoint: { point in
                if point == .mapCommitted("A1") {
                    await reached.release()
                    await proceed.wait()
                }
            })
            let cancelled = Task { try await coordinator.runNow() }
            await reached.wait()
            cancelled.cancel()
            await proceed.release()
            _ = try? await cancelled.value
            try await h.run()
            try await h.run()
            mails = await h.smtp.take()
            #expect(mails.recipients == ["mappera@example.com"])
            #expect(mails.first?.plain.contains(" Player70 · ") == true)
            #expect(try await h.daily.pendingItemCount() == 0)

            // A crash after the server accepted the digest, before the delivery was recorded.
            h.clock.advance(days: 1)
            try await h.daily.submit("A1", player: 71, score: 28_900)
            let afterSend = try await h.run(checkpoint: { point in
                if case .afterSend = point { throw SimulatedCrash() }
            })
            #expect(afterSend.phase == .failed)
            #expect(await h.smtp.take().count == 1)
            try await h.run()
            mails = await h.smtp.take()
            #expect(mails.recipients == ["mappera@example.com"])
            #expect(mails.first?.plain.contains(" Player71 · ") == true)
            try await h.run()
            #expect(await h.smtp.take().isEmpty)
        }
    }

    /// Trackmania answering 500, 429 beyond the Retry-After budget, too slowly (timeouts), or slowly
    /// within the timeout: the run completes, delivers what it could read, and the rest arrives on a
    /// later run, each record exactly once.
    @Test(arguments: Backend.testable)
    func trackmaniaFaultsDelayNewsButNeverLoseOrDoubleIt(backend: Backend) async throws {
        try await SMTPDailyHarness.with(backend, configure: { $0.requestTimeout = .seconds(2) }) { h in
            try await h.run()
            #expect(await h.smtp.take().count == 1)
            let faults = [
                (#"{"endpoint":"live.top","kind":"status","status":500,"count":2}"#, true),
                (#"{"endpoint":"live.top","kind":"rateLimit","retryAfter":3,"count":1}"#, true),
                (#"{"endpoint":"live.top","kind":"delay","seconds":6,"count":2}"#, true),
                (#"{"endpoint":"*","kind":"delay","seconds":0.3,"count":6}"#, false),
            ]
            for (index, (fault, fails)) in faults.enumerated() {
                h.clock.advance(days: 1)
                let onA1 = " Player\(80 + index) · "
                let onPOP = " Player\(90 + index) · "
                try await h.daily.submit("A1", player: 80 + index, score: 29_500 - index * 100)
                try await h.daily.submit("POP", player: 90 + index, score: 60_000 + index)
                try await h.daily.faults(fault)
                let report = try await h.run()
                try await h.daily.faults(nil)
                #expect(report.phase == .completed, "\(fault)")
                let errors = report.phase1Errors + report.phase2Errors
                #expect(fails ? errors >= 1 : errors == 0, "\(fault)")
                var mails = await h.smtp.take()
                #expect(mails.count <= 1 && mails.allSatisfy { $0.recipients == ["mappera@example.com"] }, "\(fault)")
                if !fails {
                    #expect(mails.first?.plain.contains(onA1) == true && mails.first?.plain.contains(onPOP) == true)
                }
                // The next day, without faults: whatever was not read arrives now.
                h.clock.advance(days: 1)
                try await h.run()
                mails += await h.smtp.take()
                #expect(mails.allSatisfy { $0.recipients == ["mappera@example.com"] }, "\(fault)")
                let text = mails.map(\.plain).joined()
                #expect(text.components(separatedBy: onA1).count == 2, "\(fault)")
                #expect(text.components(separatedBy: onPOP).count == 2, "\(fault)")
                #expect(try await h.daily.pendingItemCount() == 0, "\(fault)")
            }
        }
    }

    /// Two runs at once on two instances: the second is told a run is in progress (with its id), and
    /// every user gets exactly one digest.
    @Test(arguments: Backend.testable)
    func twoConcurrentRunsDeliverOneDigestPerUser(backend: Backend) async throws {
        try await SMTPDailyHarness.with(backend, instances: 2) { h in
            let reached = Gate()
            let proceed = Gate()
            // The first run holds in its send phase while the second asks.
            let first = h.coordinator(
                instance: 0,
                checkpoint: { point in
                    if case .beforeSend = point {
                        await reached.release()
                        await proceed.wait()
                    }
                })
            let running = Task { try await first.runNow() }
            await reached.wait()
            let runningId = try await h.daily.databases[1].repositories.dailyRuns.running()?.id
            #expect(runningId != nil)
            #expect(try await h.coordinator(instance: 1).runNow() == .busy(runId: runningId))
            await proceed.release()
            guard case .finished(let report) = try await running.value else {
                Issue.record("the first run did not finish")
                return
            }
            #expect(report.emailsSent == 1)
            #expect(await h.smtp.take().recipients == ["mappera@example.com"])

            // Racing without gates, the next day: one run does the work, the other is busy or finds nothing.
            h.clock.advance(days: 1)
            try await h.daily.submit("A2", player: 12, score: 39_000)
            async let one = h.coordinator(instance: 0).runNow()
            async let two = h.coordinator(instance: 1).runNow()
            let outcomes = try await [one, two]
            let sent = outcomes.map { outcome -> Int in
                if case .finished(let report) = outcome { return report.emailsSent }
                return 0
            }
            #expect(sent.reduce(0, +) == 3)
            let mails = await h.smtp.take()
            #expect(mails.recipients == ["comapper@example.com", "dan@example.com", "mappera@example.com"])
        }
    }

    /// A map name, a display name and a site username carrying CR/LF, "Bcc:" and an SMTP "." line
    /// add no header, no recipient and no message.
    @Test(arguments: Backend.testable)
    func hostileNamesAddNoHeaderOrRecipient(backend: Backend) async throws {
        try await SMTPDailyHarness.with(backend) { h in
            var world = try await h.world()
            let mapIndex = try #require(world.maps.firstIndex { $0.uid == "A1" })
            world.maps[mapIndex].name = "Alpha\r\nBcc: spy1@evil.example"
            let accountIndex = try #require(world.accounts.firstIndex { $0.accountId == DailyWorld.account(0) })
            world.accounts[accountIndex].displayName =
                "Zero\r\nBcc: spy2@evil.example\r\n.\r\nMAIL FROM:<spy@evil.example>\r\nRCPT TO:<spy@evil.example>\r\nDATA\r\nSubject: smuggled"
            try await h.replaceWorld(world)
            let outcome = try await h.repositories.users.register(
                NewUser(username: "Evil\r\nBcc: spy3@evil.example", email: "evil@example.com", passwordHash: "hash"),
                maxUsers: 10_000, now: h.clock.now)
            guard case .created(let evil) = outcome else { throw SimulatedCrash() }
            _ = try await h.repositories.alerts.create(
                NewAlert(userId: evil.id, username: "MapperA", email: evil.email, recordFilter: .all), now: h.clock.now)

            let report = try await h.run()
            let mails = await h.smtp.take()
            #expect(report.emailsSent == 2)
            #expect(mails.recipients == ["evil@example.com", "mappera@example.com"])
            let allowed: Set<String> = ["date", "from", "to", "subject", "message-id", "mime-version", "content-type"]
            for mail in mails {
                #expect(mail.recipients.count == 1)
                #expect(Set(mail.headers.map { $0.name.lowercased() }).isSubset(of: allowed))
                #expect(mail.header("Bcc") == nil && mail.header("Cc") == nil)
                // The hostile username may only show inside the one-line subject, never as a header of its own.
                #expect(mail.headers.filter { $0.value.contains("spy") }.allSatisfy { $0.name == "Subject" })
                #expect(!mail.headerSection.contains("\r\nBcc") && !mail.headerSection.contains("\r\nbcc"))
                #expect(!mail.headerSection.contains("smuggled"))
                #expect(mail.plain.contains("Alpha"))
                #expect(mail.plain.contains("Zero"))
                #expect(mail.body("text/html") != nil)
            }
            let evilMail = try #require(mails.to("evil"))
            #expect(evilMail.subject == "1 new record on Alpha  Bcc: spy1@evil.example")
            #expect(evilMail.plain.hasPrefix("Hello Evil  Bcc: spy3@evil.example,\n"))
            #expect(await h.smtp.all.count == 2)
        }
    }
}
