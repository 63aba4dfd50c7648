import Foundation
import RecordsCore
import Testing

@testable import HandlerKit

@Suite("Watching input rules")
struct WatchingRulesTests {
    @Test(arguments: [
        (0, "0.000"), (-1, "0.000"), (999, "0.999"), (40_634, "40.634"), (63_419, "1:03.419"),
        (600_000, "10:00.000"), (3_600_000, "1:00:00.000"), (3_723_004, "1:02:03.004"),
    ])
    func raceTimes(milliseconds: Int, text: String) {
        #expect(RecordTime.format(milliseconds) == text)
    }

    @Test(arguments: ["9QuR_rqUXqd1YihOuHFGLFBsG7H", "a", "A-b_9", String(repeating: "x", count: 100)])
    func mapUidsAccepted(uid: String) {
        #expect(WatchingInput.isMapUid(uid))
    }

    @Test(arguments: ["", "a/b", "a.b", "../x", "a?b", "a%2Fb", "a b", "ü", String(repeating: "x", count: 101)])
    func mapUidsRefused(uid: String) {
        #expect(!WatchingInput.isMapUid(uid))
    }

    @Test(arguments: ["1", "42", "2147483647"])
    func rowIdsAccepted(raw: String) throws {
        let event = Event(httpMethod: "DELETE", path: "/x/\(raw)", pathParameters: ["id": raw])
        #expect(try WatchingInput.rowId(event, message: "bad") == Int(raw))
    }

    @Test(arguments: ["0", "-1", "abc", "1.5", "2147483648", "99999999999", "1e3", " 1", "0x10"])
    func rowIdsRefused(raw: String) {
        let event = Event(httpMethod: "DELETE", path: "/x", pathParameters: ["id": raw])
        #expect(throws: HandlerError.badRequest("bad")) { try WatchingInput.rowId(event, message: "bad") }
    }

    @Test func periods() {
        #expect(MapSearchPeriod(rawValue: "1d")?.seconds == 86_400)
        #expect(MapSearchPeriod(rawValue: "1w")?.seconds == 604_800)
        #expect(MapSearchPeriod(rawValue: "1m")?.seconds == 2_592_000)
        #expect(MapSearchPeriod(rawValue: "1y") == nil)
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(MapSearchPeriod.day.earliestTimestamp(now: now) == 1_000_000 - 86_400)
    }
}
