import Foundation
import RecordsCore

/// `POST /api/v1/users/tm-username` (R16): finds the Trackmania account of a display name and
/// stores it as the caller's identity.
public struct VerifyTmUsernameHandler: Handler {
    private let directory: any TrackmaniaDirectory
    private let users: any UserRepository
    private let limiter: RequestLimiter?

    /// - Parameter limiter: Limits checks per user (``RateRule/tmUsernameVerify``); `nil` in unit tests.
    public init(directory: any TrackmaniaDirectory, users: any UserRepository, limiter: RequestLimiter? = nil) {
        self.directory = directory
        self.users = users
        self.limiter = limiter
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let caller = try context.requireCaller()
        let typed = (try context.body.string("tmUsername") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !typed.isEmpty else { throw HandlerError.badRequest("TM username is required") }
        guard typed.count <= 75 else { throw HandlerError.badRequest("TM username is too long") }
        try await limiter?.consume(.tmUsernameVerify, key: String(caller.userId), now: context.clock.now)

        let found: [String: String]
        do {
            found = try await directory.accountIds(displayNames: [typed])
        } catch TrackmaniaError.notFound {
            throw HandlerError.notFound("TM username not found")
        }
        // The service may answer with its own casing of the name; accept that, keep its spelling.
        guard
            let match = found.first(where: { $0.key == typed })
                ?? found.first(where: { $0.key.lowercased() == typed.lowercased() })
        else {
            throw HandlerError.notFound("TM username not found")
        }
        guard
            try await users.setTrackmaniaIdentity(userId: caller.userId, tmUsername: match.key, accountId: match.value)
        else {
            throw HandlerError.notFound("User not found")
        }
        return .json(
            200,
            [
                "success": true, "tmUsername": .string(match.key), "accountId": .string(match.value),
                "message": "TM username verified and saved successfully",
            ] as JSONValue)
    }
}
