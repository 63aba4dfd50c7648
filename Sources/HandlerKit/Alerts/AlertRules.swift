import Foundation
import RecordsCore

/// Validation and response shapes shared by the alert routes (R5–R8).
enum AlertRules {
    /// The frontend parses the username back out of this suffix (MapperAlerts.tsx), so it is exact.
    static let mapNameSuffix = "'s map alerts"

    static let notFoundMessage = "Alert not found or not authorized"
    static let invalidIdMessage = "Invalid alert ID"

    /// `record_filter`: absent, `null` or empty means `top5` (the original's default); otherwise one
    /// of `top5`, `wr`, `all` (trimmed, any case).
    /// - Throws: 400 for any other value or type.
    static func recordFilter(_ body: RequestBody) throws -> RecordFilter {
        let invalid = HandlerError.badRequest("Invalid record_filter. Allowed: top5, wr, all")
        switch body["record_filter"] {
        case nil, .null?: return .top5
        case .string(let text)?:
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if value.isEmpty { return .top5 }
            guard let filter = RecordFilter(rawValue: value) else { throw invalid }
            return filter
        default: throw invalid
        }
    }

    /// `alert_type`: absent, `null` or empty means `accurate`; otherwise `accurate` or `inaccurate`.
    /// - Throws: 400 for any other value or type (the original let the database refuse it with a 500).
    static func alertType(_ body: RequestBody) throws -> AlertType {
        let invalid = HandlerError.badRequest("Invalid alert_type. Allowed: accurate, inaccurate")
        switch body["alert_type"] {
        case nil, .null?: return .accurate
        case .string(let text)?:
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if value.isEmpty { return .accurate }
            guard let type = AlertType(rawValue: value) else { throw invalid }
            return type
        default: throw invalid
        }
    }

    /// `MapCount`: absent or `null` means 0; otherwise a whole number from 0 to 100,000.
    static func mapCount(_ body: RequestBody) throws -> Int {
        let invalid = HandlerError.badRequest("Invalid MapCount: a whole number from 0 to 100000 is expected")
        let parsed: Int?
        do { parsed = try body.integer("MapCount") } catch { throw invalid }
        guard let count = parsed else { return 0 }
        guard (0...100_000).contains(count) else { throw invalid }
        return count
    }

    /// Whether the request carries a body: not absent, empty or only whitespace (which the body
    /// parser reads as an empty object, so the handler cannot tell them from `{}` otherwise).
    static func hasBody(_ event: Event) -> Bool {
        guard let data = event.bodyData else { return event.body != nil }
        return data.contains { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
    }

    /// One entry of R5's list.
    static func entry(_ alert: Alert) -> JSONValue {
        [
            "id": .string(String(alert.id)),
            "mapName": .string(alert.username + mapNameSuffix),
            "mapId": .string("map_\(alert.id)"),
            "createdAt": .string(Timestamps.iso8601(alert.createdAt)),
            "recordFilter": .string(alert.recordFilter.rawValue),
            "isActive": true,
        ]
    }
}
