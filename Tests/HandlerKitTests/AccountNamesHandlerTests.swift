import Foundation
import HandlerKit
import Logging
import RecordsCore
import Testing

@Suite("Account names")
struct AccountNamesHandlerTests {
    /// Records what reaches the directory.
    actor RecordingDirectory: TrackmaniaDirectory {
        private(set) var asked: [[String]] = []

        func searchExchangeUsers(name: String) async throws -> ExchangeUserPage {
            ExchangeUserPage(users: [], more: false)
        }

        func displayNames(accountIds: [String]) async throws -> [String: String] {
            asked.append(accountIds)
            return Dictionary(uniqueKeysWithValues: accountIds.map { ($0, "name-\($0.prefix(4))") })
        }

        func accountIds(displayNames: [String]) async throws -> [String: String] { [:] }
    }

    static func context(_ ids: [String]) -> HandlerContext {
        var logger = Logger(label: "account-names-tests")
        logger.logLevel = .critical
        return HandlerContext(
            requestId: "test", logger: logger, clock: AdminHistoryTests.FixedClock(now: Date()),
            body: RequestBody(["accountIds": .array(ids.map { .string($0) })]))
    }

    /// Ids that cannot be Trackmania account ids (not UUIDs) never cost an upstream call.
    @Test func onlyAccountIdsReachTheDirectory() async throws {
        let directory = RecordingDirectory()
        let handler = AccountNamesHandler(directory: directory)
        let id = "7e6ddce7-a7ac-4732-b6fa-dfa7e5c15b62"
        let response = try await handler.handle(
            Event(httpMethod: "POST", path: "/api/v1/users/accountNames"),
            context: Self.context(["not-an-account", " \(id) ", "'; DROP", String(repeating: "x", count: 36)]))
        #expect(response.statusCode == 200)
        #expect(await directory.asked == [[id]])
        let junk = try await handler.handle(
            Event(httpMethod: "POST", path: "/api/v1/users/accountNames"),
            context: Self.context(["junk", "more junk"]))
        #expect(junk.body == "{}")
        #expect(await directory.asked.count == 1)
    }
}
