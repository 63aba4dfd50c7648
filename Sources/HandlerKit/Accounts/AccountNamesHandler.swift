import Foundation
import RecordsCore

/// `POST /api/v1/users/accountNames` (R14): display names for account ids.
///
/// Unlike the original it needs a signed-in caller and caps the list, since every 50 unknown ids
/// cost one OAuth call made with the server's credentials.
public struct AccountNamesHandler: Handler {
    /// The most ids one request may ask for.
    public static let maximumIds = 500

    private let directory: any TrackmaniaDirectory

    public init(directory: any TrackmaniaDirectory) {
        self.directory = directory
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        guard let ids = try context.body.strings("accountIds"), !ids.isEmpty else {
            return .json(200, JSONValue.object(JSONObject()))
        }
        guard ids.count <= Self.maximumIds else {
            throw HandlerError.badRequest("accountIds may hold at most \(Self.maximumIds) ids")
        }
        let unique = Array(Set(ids.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })).sorted()
        let names: [String: String] = try await directory.displayNames(accountIds: unique)
        return .json(200, names)
    }
}
