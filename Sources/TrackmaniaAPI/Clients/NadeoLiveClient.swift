import Foundation
import Logging
import RecordsCore

/// Nadeo Live leaderboard and map calls (`LEAD_API`), authenticated with `nadeo_v1` tokens.
public struct NadeoLiveClient: TrackmaniaLeaderboards {
    /// Nadeo's documented maximum of maps per position request.
    public static let positionBatchSize = 50
    /// Nadeo's documented maximum of uids per `get-multiple` request.
    public static let mapInfoBatchSize = 100

    let http: TrackmaniaHTTP
    let tokens: NadeoTokenProvider
    let baseURL: String

    public func top(mapUid: String, onlyWorld: Bool, length: Int, offset: Int) async throws -> LeaderboardTop {
        let query = QueryEncoding.query([
            ("length", String(min(max(length, 1), 100))), ("onlyWorld", onlyWorld ? "true" : "false"),
            ("offset", String(max(offset, 0))),
        ])
        let url =
            "\(baseURL)/api/token/leaderboard/group/Personal_Best/map/\(QueryEncoding.escape(mapUid))/top?\(query)"
        let response = try await http.send(OutboundRequest(endpoint: "live.top", method: .GET, url: url), auth: tokens)
        let body = try JSONBody.decode(TopBody.self, from: response, endpoint: "live.top")
        return LeaderboardTop(
            groupUid: body.groupUid ?? "Personal_Best", mapUid: body.mapUid ?? mapUid, tops: body.tops ?? [])
    }

    public func positions(scores: [String: Int]) async throws -> [MapScorePosition] {
        let batches = scores.sorted { $0.key < $1.key }.chunked(into: Self.positionBatchSize)
        return try await withThrowingTaskGroup(of: [MapScorePosition].self) { group in
            for batch in batches {
                group.addTask { try await positionBatch(batch) }
            }
            var result: [MapScorePosition] = []
            for try await part in group { result += part }
            return result.sorted { $0.mapUid < $1.mapUid }
        }
    }

    private func positionBatch(_ batch: [(key: String, value: Int)]) async throws -> [MapScorePosition] {
        let query = QueryEncoding.query(batch.map { ("scores[\($0.key)]", String($0.value)) })
        let body = PositionRequest(maps: batch.map { .init(mapUid: $0.key, groupUid: "Personal_Best") })
        let response = try await http.send(
            OutboundRequest(
                endpoint: "live.position", method: .POST, url: "\(baseURL)/api/token/leaderboard/group/map?\(query)",
                headers: [("Content-Type", "application/json")], body: Array(try JSONEncoder().encode(body))),
            auth: tokens)
        let entries = try JSONBody.decode([PositionEntry].self, from: response, endpoint: "live.position")
        return entries.compactMap { entry in
            guard let position = entry.zones.first?.ranking.position else { return nil }
            return MapScorePosition(mapUid: entry.mapUid, score: entry.score, position: position)
        }
    }

    public func mapInfo(mapUids: [String]) async throws -> [NadeoMapInfo] {
        var result: [NadeoMapInfo] = []
        for batch in Array(Set(mapUids)).sorted().chunked(into: Self.mapInfoBatchSize) {
            let query = QueryEncoding.query([("mapUidList", batch.joined(separator: ","))])
            let response = try await http.send(
                OutboundRequest(
                    endpoint: "live.mapInfo", method: .GET, url: "\(baseURL)/api/token/map/get-multiple?\(query)"),
                auth: tokens)
            result += try JSONBody.decode(MapListBody.self, from: response, endpoint: "live.mapInfo").mapList
        }
        return result
    }

    /// `{}` (an invalid group) decodes to an empty top rather than failing.
    private struct TopBody: Decodable {
        var groupUid: String?
        var mapUid: String?
        var tops: [LeaderboardZoneTop]?
    }

    private struct PositionRequest: Encodable {
        struct Map: Encodable {
            var mapUid: String
            var groupUid: String
        }
        var maps: [Map]
    }

    private struct PositionEntry: Decodable {
        struct Zone: Decodable {
            struct Ranking: Decodable { var position: Int }
            var ranking: Ranking
        }
        var mapUid: String
        var score: Int
        var zones: [Zone]
    }

    private struct MapListBody: Decodable {
        var mapList: [NadeoMapInfo]
    }
}
