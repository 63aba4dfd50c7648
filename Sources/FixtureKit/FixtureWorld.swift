import Foundation
import RecordsCore

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension Fixture {
    /// Changes a step makes to the fake Trackmania world before its request (`world`), through the
    /// fake service's own control API, so a later daily run sees them.
    public struct WorldChange: Sendable {
        /// A record to set: a map, an account, a score and when it was driven.
        public struct Record: Sendable, Equatable {
            public var mapUid: String
            public var accountId: String
            public var score: Int
            /// Seconds before the step runs (the app's clock is the real one).
            public var secondsAgo: Int
        }

        public var records: [Record]

        static func parse(_ value: JSONValue, file: String) throws -> WorldChange {
            guard let object = value.objectValue else {
                throw FormatError(description: "\(file): world must be an object")
            }
            let records = try (object["records"]?.arrayValue ?? []).map { row -> Record in
                guard let row = row.objectValue, let map = row["mapUid"]?.stringValue,
                    let account = row["accountId"]?.stringValue, let score = row["score"]?.numberValue
                else {
                    throw FormatError(description: "\(file): world.records entries need mapUid, accountId and score")
                }
                return Record(
                    mapUid: map, accountId: account, score: Int(score),
                    secondsAgo: Int(row["secondsAgo"]?.numberValue ?? 60))
            }
            return WorldChange(records: records)
        }
    }
}

/// Why a step's world change could not be made.
struct WorldChangeFailed: Error, CustomStringConvertible {
    var description: String
}

/// Sends world changes to a fake Trackmania service's control API (`POST /_fake/records`).
enum FakeWorldControl {
    static func apply(_ change: Fixture.WorldChange, baseURL: String, now: Date) async throws {
        for record in change.records {
            guard let url = URL(string: baseURL + "/_fake/records") else {
                throw WorldChangeFailed(description: "bad fake world URL \(baseURL)")
            }
            var request = URLRequest(url: url)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            let body: [String: Any] = [
                "mapUid": record.mapUid, "accountId": record.accountId, "score": record.score,
                "timestamp": Int(now.timeIntervalSince1970) - record.secondsAgo,
            ]
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            guard status == 200 else {
                throw WorldChangeFailed(
                    description:
                        "the fake world refused \(record.mapUid): \(status) \(String(decoding: data, as: UTF8.self))")
            }
        }
    }
}
