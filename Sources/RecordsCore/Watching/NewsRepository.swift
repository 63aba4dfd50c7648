import Foundation

/// One news item as stored (`digest_items`), with its freshness.
public struct StoredNews: Sendable, Equatable {
    public var id: Int
    public var section: DigestSection
    public var mapUid: String?
    /// The item's payload (``MapperRecordPayload`` or ``DriverChangePayload`` as JSON).
    public var payload: String
    /// When the record behind it was set (the leaderboard's timestamp), when known.
    public var recordedAt: Date?
    /// When it was detected (the commit of the check that found it).
    public var detectedAt: Date

    public init(
        id: Int, section: DigestSection, mapUid: String?, payload: String, recordedAt: Date?, detectedAt: Date
    ) {
        self.id = id
        self.section = section
        self.mapUid = mapUid
        self.payload = payload
        self.recordedAt = recordedAt
        self.detectedAt = detectedAt
    }
}

/// Reads a user's recent news for `GET /api/v1/users/news`.
public protocol NewsRepository: Sendable {
    /// The user's items, newest first (by id, the order they were detected in), detected at or after
    /// `since` when given, with an id below `beforeId` when given, at most `limit`.
    func news(userId: Int, since: Date?, beforeId: Int?, limit: Int) async throws -> [StoredNews]

    /// Detection delays (`detectedAt − recordedAt`, seconds) of items detected at or after `since`, for
    /// tests and diagnostics.
    func detectionDelays(since: Date) async throws -> [Double]
}
