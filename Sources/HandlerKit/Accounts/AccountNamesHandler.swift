import Foundation
import RecordsCore

/// `POST /api/v1/users/accountNames` (R14): display names for account ids.
///
/// Unlike the original it needs a signed-in caller and caps the list, since every 50 unknown ids
/// cost one OAuth call made with the server's credentials. Names come through the directory's
/// database cache, as the daily run's do (ids the OAuth API does not know are remembered too, and
/// cached names answer when it fails), and an id that is not a UUID, which no Trackmania account
/// has, is answered absent without being sent upstream.
///
/// The body is optional, as in the original: without one, or without a non-empty `accountIds`, the
/// answer is `{}` (nothing to look up is not an error, and costs no rate-limit budget).
public struct AccountNamesHandler: Handler {
    /// The most ids one request may ask for.
    public static let maximumIds = 500

    private let directory: any TrackmaniaDirectory
    private let limiter: RequestLimiter?

    /// - Parameter limiter: Limits lookups per user (``RateRule/accountNames``); `nil` in unit tests.
    public init(directory: any TrackmaniaDirectory, limiter: RequestLimiter? = nil) {
        self.directory = directory
        self.limiter = limiter
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        guard let ids = try context.body.strings("accountIds"), !ids.isEmpty else {
            return .json(200, JSONValue.object(JSONObject()))
        }
        guard ids.count <= Self.maximumIds else {
            throw HandlerError.badRequest("accountIds may hold at most \(Self.maximumIds) ids")
        }
        if let limiter, let caller = context.caller {
            try await limiter.consume(.accountNames, key: String(caller.userId), now: context.clock.now)
        }
        let unique = Array(
            Set(ids.map { $0.trimmingCharacters(in: .whitespaces) }.filter { UUID(uuidString: $0) != nil })
        )
        .sorted()
        guard !unique.isEmpty else { return .json(200, JSONValue.object(JSONObject())) }
        let names: [String: String] = try await directory.displayNames(accountIds: unique)
        return .json(200, names)
    }
}
