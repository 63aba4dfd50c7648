import Foundation
import RecordsCore

/// api.trackmania.com account look-ups (Bearer client-credentials token).
struct TrackmaniaOAuthClient: Sendable {
    /// The documented maximum of ids or names per call.
    static let batchSize = 50

    let http: TrackmaniaHTTP
    let tokens: OAuthTokenProvider
    let baseURL: String

    /// Display names of `accountIds` in batches of 50, fetched concurrently; unknown ids are absent.
    func displayNames(accountIds: [String]) async throws -> [String: String] {
        try await batched(accountIds, key: "accountId[]", path: "/api/display-names", endpoint: "oauth.displayNames")
    }

    /// Account ids of `displayNames`, keyed by the name as the service returned it.
    func accountIds(displayNames: [String]) async throws -> [String: String] {
        try await batched(
            displayNames, key: "displayName[]", path: "/api/display-names/account-ids", endpoint: "oauth.accountIds")
    }

    private func batched(_ values: [String], key: String, path: String, endpoint: String) async throws -> [String:
        String]
    {
        let batches = Array(Set(values)).sorted().chunked(into: Self.batchSize)
        return try await withThrowingTaskGroup(of: [String: String].self) { group in
            for batch in batches {
                group.addTask {
                    let query = QueryEncoding.query(batch.map { (key, $0) })
                    let response = try await http.send(
                        OutboundRequest(endpoint: endpoint, method: .GET, url: "\(baseURL)\(path)?\(query)"),
                        auth: tokens)
                    return try Self.decodeMap(response, endpoint: endpoint)
                }
            }
            var merged: [String: String] = [:]
            for try await part in group { merged.merge(part) { first, _ in first } }
            return merged
        }
    }

    /// The body is a JSON object of strings; an empty result may come as `[]`.
    static func decodeMap(_ response: InboundResponse, endpoint: String) throws -> [String: String] {
        if let map = try? JSONDecoder().decode([String: String].self, from: Data(response.body)) { return map }
        if let list = try? JSONDecoder().decode([String].self, from: Data(response.body)), list.isEmpty { return [:] }
        throw TrackmaniaError.malformedResponse("\(endpoint): expected an object of strings")
    }
}
