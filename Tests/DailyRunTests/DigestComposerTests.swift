import Foundation
import RecordsCore
import Testing

struct DigestComposerTests {
    let composer = DigestComposer(maxNewRecordsPerMap: 2, popularMapMessage: "Busy map, more than 2 new records")

    func record(
        _ map: String, _ name: String, account: String, position: Int, score: Int = 61_234, improved: Bool = false,
        exchangeId: Int? = nil
    ) -> MapperRecordPayload {
        MapperRecordPayload(
            mapUid: map, mapName: name, accountId: account, zoneName: "Zone <Z>", position: position,
            score: score, timestamp: 1_700_000_000, improved: improved, exchangeId: exchangeId)
    }

    func passed(_ map: String = "M", by: [String] = ["acc-9"], scores: [Int]? = [49_000]) -> DriverChangePayload {
        DriverChangePayload(
            kind: .beaten, mapUid: map, mapName: "Map", oldPosition: 2, newPosition: 3, oldScore: 50_000,
            newScore: 50_000, passedBy: by, range: 100, detectedAt: 1_700_000_000, passedByScores: scores)
    }

    @Test func recordTimesAreFormattedLikePersonalBestFormatted() {
        #expect(RecordTime.format(0) == "0.000")
        #expect(RecordTime.format(-1) == "0.000")
        #expect(RecordTime.format(5_007) == "5.007")
        #expect(RecordTime.format(61_234) == "1:01.234")
        #expect(RecordTime.format(3_723_004) == "1:02:03.004")
    }

    @Test("One subject style that says what happened, the same greeting and a summary in every mail")
    func subjectsGreetingAndSummary() {
        let records = [
            record("M", "Map", account: "a", position: 1), record("N", "Other", account: "b", position: 4),
            record("N", "Other", account: "c", position: 7),
        ]
        let both = composer.compose(
            username: "ann", email: "ann@x.io", records: records, changes: [passed()], names: [:])
        #expect(both.message.subject == "3 new records on your maps · you were passed on 1 map")
        #expect(
            both.message.text.hasPrefix(
                "Hello ann,\n\nIn this digest:\n- You were passed on 1 map\n- 3 new records on 2 of your maps\n"))
        let mapper = composer.compose(
            username: "ann", email: "ann@x.io", records: [record("M", "$f00Red$z Map", account: "a", position: 1)],
            changes: [], names: [:])
        #expect(mapper.message.subject == "1 new record on Red Map")
        #expect(mapper.message.text.hasPrefix("Hello ann,\n\nIn this digest:\n- 1 new record on your map\n"))
        let improved = DriverChangePayload(
            kind: .improved, mapUid: "M", mapName: "Map", oldPosition: 4, newPosition: 1, oldScore: 40_200,
            newScore: 38_500, passedBy: [], range: 100, detectedAt: 1_700_000_000)
        let gone = DriverChangePayload(
            kind: .outOfRange, mapUid: "O", mapName: "Gone", oldPosition: 100, newPosition: nil, oldScore: 40_200,
            newScore: nil, passedBy: [], range: 100, detectedAt: 1_700_000_000)
        let driver = composer.compose(
            username: "ann", email: "ann@x.io", records: [], changes: [gone, improved, passed()], names: [:])
        #expect(
            driver.message.subject == "You were passed on 1 map · 1 new personal best · you left the top 100 on 1 map")
        #expect(driver.message.text.hasPrefix("Hello ann,\n"))
        // Passed first, then the personal best, then the map left behind.
        let text = driver.message.text
        let order = [
            "Passed: 🥈 #2 → 🥉 #3", "New personal best: 38.500 (was 40.200, 1.700 faster)", "no longer in the top 100",
        ]
        let at = order.compactMap { text.range(of: $0)?.lowerBound }
        #expect(at.count == 3 && at == at.sorted())
        #expect(text.contains("  Position: #4 → 🥇 #1\n"))
        #expect(text.contains("  Detected 2023-11-14 22:13 UTC\n"))
    }

    @Test("The player's own news comes before the news of their maps")
    func ownNewsFirst() {
        let digest = composer.compose(
            username: "ann", email: "ann@x.io", records: [record("M", "Mapped", account: "a", position: 1)],
            changes: [passed("D")], names: [:])
        let text = digest.message.text
        let own = text.range(of: "YOUR TIMES")?.lowerBound
        let maps = text.range(of: "NEW RECORDS ON YOUR MAPS")?.lowerBound
        #expect(own != nil && maps != nil && own! < maps!)
        #expect(digest.driverText.hasPrefix("Map\n  Passed: 🥈 #2 → 🥉 #3 · your time 50.000\n"))
        #expect(digest.mapperText.hasPrefix("Mapped · 1 new record\n"))
    }

    @Test("Passed by names the rival's time and the gap; a secret time is \"secret\", never 0.000")
    func rivalsAndSecrets() {
        let digest = composer.compose(
            username: "ann", email: "ann@x.io", records: [record("S", "Secret", account: "s", position: 5, score: -1)],
            changes: [passed(by: ["acc-9", "acc-8"], scores: [48_800, -1])], names: ["acc-9": "$o$f00Rival"])
        let text = digest.message.text
        #expect(text.contains("  Passed by Rival: 48.800, 1.200 faster than you\n"))
        #expect(text.contains("  Passed by acc-8: secret\n"))
        #expect(text.contains("  #5 s · secret · Zone <Z> · 2023-11-14 22:13 UTC\n"))
        #expect(!text.contains(" 0.000") && !text.contains(": 0.000"))
        #expect(!(digest.message.html ?? "").contains(">0.000<"))
        // The styled name is a span whose CSS comes from the codes, never the name's text.
        #expect(
            (digest.message.html ?? "").contains(
                "<span class=\"tm\" style=\"color:#f00;font-weight:bold\">Rival</span>"))
        // Items queued before the rivals' times were recorded still read.
        let old = composer.compose(
            username: "ann", email: "ann@x.io", records: [], changes: [passed(scores: nil)], names: [:])
        #expect(old.message.text.contains("  Passed by acc-9\n"))
    }

    @Test("Maps by best position first; medals only on the podium; each map linked")
    func mapsMedalsAndLinks() {
        let records = [
            record("Late", "Late", account: "l", position: 33), record("Top", "Top", account: "t2", position: 2),
            record("Top", "Top", account: "t1", position: 1, exchangeId: 4242),
        ]
        let digest = composer.compose(
            username: "ann", email: "ann@x.io", records: records, changes: [], names: [:],
            extras: .init(timeZone: "Europe/Paris"))
        let text = digest.message.text
        #expect(
            text.contains(
                "Top · 2 new records\n  🥇 #1 t1 · 1:01.234 · Zone <Z> · 2023-11-14 23:13 Europe/Paris\n"
                    + "  🥈 #2 t2 · 1:01.234 · Zone <Z> · 2023-11-14 23:13 Europe/Paris\n"
                    + "  Leaderboard: https://trackmania.io/#/leaderboard/Top\n"
                    + "  Trackmania Exchange: https://trackmania.exchange/mapshow/4242\n"))
        #expect(text.contains("Late · 1 new record\n  #33 l · "))
        #expect(!text.contains("🥇 #33") && !text.contains("🥇 Position: 33"))
        #expect(text.range(of: "Top ·")!.lowerBound < text.range(of: "Late ·")!.lowerBound)
        // No TMX id known: no TMX link is made up.
        #expect(text.components(separatedBy: "trackmania.exchange").count == 2)
        let html = digest.message.html ?? ""
        #expect(html.contains("href=\"https://trackmania.io/#/leaderboard/Late\""))
        #expect(html.contains("href=\"https://trackmania.exchange/mapshow/4242\""))
    }

    @Test func aTypedMapUidCannotLeaveItsURL() {
        let digest = composer.compose(
            username: "ann", email: "ann@x.io", records: [],
            changes: [passed("x\" onclick=\"1 /../?#")], names: [:])
        #expect(
            digest.message.text.contains(
                "https://trackmania.io/#/leaderboard/x%22%20onclick%3D%221%20%2F%2E%2E%2F%3F%23\n"))
        #expect(!(digest.message.html ?? "").contains("onclick=\""))
    }

    @Test func popularMapsAreFoldedWithTheirCountAndLinkAndTheirNamesNotAskedFor() {
        let records =
            (1...3).map { record("P", "Pop", account: "p\($0)", position: $0) }
            + [record("Q", "Quiet", account: "q1", position: 4, improved: true)]
        #expect(composer.accountIds(records: records, changes: []) == ["q1"])
        let digest = composer.compose(
            username: "ann", email: "ann@x.io", records: records, changes: [], names: ["q1": "Quinn"])
        #expect(
            digest.message.text.contains(
                "Pop · 3 new records\n  Busy map, more than 2 new records\n  Best new position: 🥇 #1\n"
                    + "  Leaderboard: https://trackmania.io/#/leaderboard/P\n"))
        #expect(
            digest.message.text.contains(
                "Quiet · 1 new record\n  #4 Quinn (improved) · 1:01.234 · Zone <Z> · 2023-11-14 22:13 UTC\n"))
        #expect(!digest.message.text.contains("p1"))
    }

    @Test func namesCannotInjectHeadersOrMarkup() {
        let evil = "x\r\nBcc: victim@example.com"
        let digest = composer.compose(
            username: evil, email: "ann@x.io",
            records: [record("M", "<script>alert('m')</script>", account: "a", position: 1)], changes: [],
            names: ["a": "<img src=x onerror=1>\r\nSubject: hi"])
        #expect(!digest.message.subject.contains("\r") && !digest.message.subject.contains("\n"))
        #expect(digest.message.subject == "1 new record on <script>alert('m')</script>")
        #expect(digest.message.text.hasPrefix("Hello x  Bcc: victim@example.com,\n"))
        #expect(digest.message.headers.isEmpty)
        let html = digest.message.html ?? ""
        #expect(!html.contains("<script>") && !html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(&#39;m&#39;)&lt;/script&gt;"))
        #expect(html.contains("&lt;img src=x onerror=1&gt;"))
    }
}

struct ChangeDetectionTests {
    func top(_ entries: [(String, Int, Int, Int)]) -> [LeaderboardRecord] {
        entries.map {
            LeaderboardRecord(
                accountId: $0.0, zoneId: "z", zoneName: "Z", position: $0.1, score: $0.2, timestamp: $0.3)
        }
    }

    @Test func firstCheckReportsOnlyTheWindowThenBaselinesDecide() {
        let now = Date(timeIntervalSince1970: 1_700_100_000)
        let current = top([("a", 1, 100, 1_700_099_000), ("b", 2, 200, 1_600_000_000)])
        let first = LeaderboardDiff.changes(
            current: current, baselines: [], firstCheck: true, now: now, window: 86_400)
        #expect(first.map(\.record.accountId) == ["a"])
        let baselines = LeaderboardDiff.baselines(mapUid: "M", current: current)
        // b improves (new timestamp, even behind a secret threshold), c is new, a is unchanged.
        let next = top([("a", 1, 100, 1_700_099_000), ("b", 2, -1, 1_700_200_000), ("c", 3, 300, 1_600_000_001)])
        let changes = LeaderboardDiff.changes(
            current: next, baselines: baselines, firstCheck: false, now: now, window: 86_400)
        #expect(changes.map(\.record.accountId) == ["b", "c"])
        #expect(changes.map(\.improved) == [true, false])
        // Only rows that moved are written again.
        #expect(
            LeaderboardDiff.baselines(mapUid: "M", current: next, previous: baselines).map(\.accountId) == ["b", "c"])
        #expect(LeaderboardDiff.passes(.wr, position: 1) && !LeaderboardDiff.passes(.wr, position: 2))
        #expect(LeaderboardDiff.passes(.top5, position: 5) && !LeaderboardDiff.passes(.top5, position: 6))
        #expect(LeaderboardDiff.passes(.all, position: 100))
    }

    func note(position: Int, best: Int) -> DriverNotification {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        return DriverNotification(
            id: 1, userId: 1, mapUid: "M", mapName: "Map", currentPosition: position, personalBest: best,
            status: .active, isActive: true, createdAt: date, updatedAt: date, lastChecked: date)
    }

    @Test func driverChecks() {
        let now = Date(timeIntervalSince1970: 1_700_100_000)
        let beaten = DriverCheck.evaluate(
            note(position: 1, best: 100), accountId: "me",
            top: top([("you", 1, 90, 1_700_050_000), ("me", 2, 100, 1_600_000_000)]), range: 100, now: now)
        #expect(beaten.change?.kind == .beaten && beaten.change?.passedBy == ["you"] && beaten.position == 2)
        let improved = DriverCheck.evaluate(
            note(position: 2, best: 100), accountId: "me", top: top([("me", 1, 80, 1_700_050_000)]), range: 100,
            now: now)
        #expect(improved.change?.kind == .improved && improved.personalBest == 80)
        // A secret-threshold score is never an improvement.
        let secret = DriverCheck.evaluate(
            note(position: 2, best: 100), accountId: "me", top: top([("me", 2, -1, 1_700_050_000)]), range: 100,
            now: now)
        #expect(secret.change == nil && secret.personalBest == 100)
        let gone = DriverCheck.evaluate(note(position: 4, best: 100), accountId: "me", top: [], range: 100, now: now)
        #expect(gone.change?.kind == .outOfRange && gone.position == 101 && gone.status == .inactive)
        let stillGone = DriverCheck.evaluate(
            note(position: 101, best: 100), accountId: "me", top: [], range: 100, now: now)
        #expect(stillGone.change == nil)
    }
}
