import Foundation

/// Dates as players read them: in their IANA time zone, with the zone named.
public enum ZonedTime {
    /// The longest zone name accepted (the IANA database's longest is about 30 characters).
    public static let maxIdentifierLength = 64

    /// Whether `identifier` is an IANA zone name this system knows (`UTC`, `Europe/Paris`, …).
    ///
    /// `TimeZone(identifier:)` alone also takes abbreviations and offsets such as `GMT+5`, so the
    /// name must also be plain zone-name characters and either `UTC` or listed by the system.
    public static func isValid(_ identifier: String) -> Bool {
        guard !identifier.isEmpty, identifier.utf8.count <= maxIdentifierLength,
            identifier.utf8.allSatisfy({ byte in
                (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                    || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "+")
            }),
            TimeZone(identifier: identifier) != nil
        else { return false }
        return identifier == "UTC" || knownIdentifiers.contains(identifier)
    }

    /// The zone names the system's time-zone database lists (Foundation reads it from tzdata), sorted,
    /// with `UTC` first.
    public static let identifiers: [String] = {
        let listed = TimeZone.knownTimeZoneIdentifiers.filter { $0 != "UTC" }.sorted()
        return ["UTC"] + listed
    }()

    private static let knownIdentifiers = Set(identifiers)

    /// `YYYY-MM-DD HH:MM <zone>` for `date` in `zone` (`UTC` when the name is unknown).
    public static func format(_ date: Date, zone identifier: String) -> String {
        let zone = TimeZone(identifier: identifier) ?? TimeZone(identifier: "UTC")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let name = TimeZone(identifier: identifier) == nil ? "UTC" : identifier
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2)) "
            + "\(pad(parts.hour, 2)):\(pad(parts.minute, 2)) \(name)"
    }

    /// ``format(_:zone:)`` for Unix seconds.
    public static func format(unixSeconds: Int, zone identifier: String) -> String {
        format(Date(timeIntervalSince1970: TimeInterval(unixSeconds)), zone: identifier)
    }
}
