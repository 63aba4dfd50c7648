import Foundation
import RecordsCore
import Testing

struct DigestComposerTests {
    let composer = DigestComposer(maxNewRecordsPerMap: 2, popularMapMessage: "Busy map, more than 2 new records")

    func record(_ map: String, _ name: String, account: String, position: Int, improved: Bool = false)
        -> MapperRecordPayload
    {
        MapperRecordPayload(
            mapUid: map, mapName: name, accountId: account, zoneName: "Zone <Z>", position: position,
            score: 61_234, timestamp: 1_700_000_000, improved: improved)
    }

    @Test func recordTimesAreFormattedLikePersonalBestFormatted() {
        #expect(RecordTime.format(0) == "0.000")
        #expect(RecordTime.format(-1) == "0.000")
        #expect(RecordTime.format(5_007) == "5.007")
        #expect(RecordTime.format(61_234) == "1:01.234")
        #expect(RecordTime.format(3_723_004) == "1:02:03.004")
    }

    @Test func theThreeSubjectsOfTheOriginal() {
        let change = DriverChangePayload(
            kind: .beaten, mapUid: "M", mapName: "Map", oldPosition: 2, newPosition: 3, oldScore: 50_000,
            newScore: 50_000, passedBy: ["acc-9"], range: 100, detectedAt: 1_700_000_000)
        let both = composer.compose(
            username: "ann", email: "ann@x.io", records: [record("M", "Map", account: "a", position: 1)],
            changes: [change], names: [:])
        #expect(both.message.subject == "Daily Update: New Records & Position Changes")
        #expect(both.message.text.hasPrefix("Hello ann!\n\nHere's your daily Trackmania update:"))
        let mapper = composer.compose(
            username: "ann", email: "ann@x.io", records: [record("M", "Map", account: "a", position: 1)], changes: [],
            names: [:])
        #expect(mapper.message.subject == "New times in ann's maps")
        let driver = composer.compose(username: "ann", email: "ann@x.io", records: [], changes: [change], names: [:])
        #expect(driver.message.subject == "Position Changes on Tracked Maps")
        #expect(driver.message.text.contains("📅 Detected: 2023-11-14 22:13 UTC"))
        #expect(driver.message.text.contains("👤 Passed by: acc-9"))
    }

    @Test func popularMapsAreTruncatedAndTheirNamesNotAskedFor() {
        let records =
            (1...3).map { record("P", "Pop", account: "p\($0)", position: $0) }
            + [record("Q", "Quiet", account: "q1", position: 4, improved: true)]
        #expect(composer.accountIds(records: records, changes: []) == ["q1"])
        let digest = composer.compose(
            username: "ann", email: "ann@x.io", records: records, changes: [], names: ["q1": "Quinn"])
        #expect(digest.message.text.contains("🗺️ Map: Pop\n⚠️ Busy map, more than 2 new records (3 new records)"))
        #expect(
            digest.message.text.contains(
                "🗺️ Map: Quiet\n🏎️ Player: Quinn (improved)\n🌍 Zone: Zone <Z>\n🥇 Position: 4\n⏱️ Time: 1:01.234\n📅 Date: 2023-11-14 22:13 UTC"
            ))
        #expect(!digest.message.text.contains("p1"))
    }

    @Test func namesCannotInjectHeadersOrMarkup() {
        let evil = "x\r\nBcc: victim@example.com"
        let digest = composer.compose(
            username: evil, email: "ann@x.io",
            records: [record("M", "<script>alert('m')</script>", account: "a", position: 1)], changes: [],
            names: ["a": "<img src=x onerror=1>\r\nSubject: hi"])
        #expect(!digest.message.subject.contains("\r") && !digest.message.subject.contains("\n"))
        #expect(digest.message.subject == "New times in x  Bcc: victim@example.com's maps")
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
