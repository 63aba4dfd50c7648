import Foundation

/// One user's news for one push channel, as the daily run hands it to a ``PushTransport``.
public struct PushNews: Sendable, Equatable {
    /// One digest item.
    public struct Entry: Sendable, Equatable {
        /// What the item says.
        public enum Content: Sendable, Equatable {
            case record(MapperRecordPayload)
            case change(DriverChangePayload)
        }

        /// `digest_items.id`.
        public var itemId: Int
        public var content: Content

        public init(itemId: Int, content: Content) {
            self.itemId = itemId
            self.content = content
        }
    }

    public var entries: [Entry]
    /// Display names by account id (an account without one is shown by its id, as in the email).
    public var names: [String: String]
    /// The player's IANA zone for the dates shown.
    public var timeZone: String

    public init(entries: [Entry], names: [String: String], timeZone: String) {
        self.entries = entries
        self.names = names
        self.timeZone = timeZone
    }

    /// The name shown for an account.
    public func name(_ accountId: String) -> String { names[accountId] ?? accountId }
}

/// One request a transport will send: the digest items it carries and its body.
public struct PushPost: Sendable, Equatable {
    /// The items this post delivers (recorded in the ledger before it leaves).
    public var itemIds: [Int]
    /// The request body (JSON).
    public var body: Data

    public init(itemIds: [Int], body: Data) {
        self.itemIds = itemIds
        self.body = body
    }
}

/// Dates for push messages in the player's zone, with the zone named.
public enum PushDates {
    /// `YYYY-MM-DD HH:MM <zone>` of Unix seconds in the IANA zone `identifier` (UTC when unknown).
    public static func format(_ seconds: Int, timeZone identifier: String) -> String {
        let zone = TimeZone(identifier: identifier) ?? .gmt
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: TimeInterval(seconds)))
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let name = zone.identifier == "GMT" && identifier == "UTC" ? "UTC" : zone.identifier
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2)) "
            + "\(pad(parts.hour, 2)):\(pad(parts.minute, 2)) \(name)"
    }
}
