/// The kinds of news a player can route to a destination (the email digest or a push channel).
///
/// Stored as a bit set (`user_preferences.email_news`, `push_channels.news`), so a destination
/// that should receive everything holds ``all``.
public struct NewsKinds: OptionSet, Sendable, Hashable, Codable {
    public let rawValue: Int

    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// New or improved records on the maps a mapper watches.
    public static let mapperRecords = NewsKinds(rawValue: 1)
    /// Someone passed a driver on a watched map (or pushed them out of the range the run reads).
    public static let driverBeaten = NewsKinds(rawValue: 2)
    /// The driver set a new personal best on a watched map.
    public static let driverImproved = NewsKinds(rawValue: 4)

    /// Every kind: the default for the digest and for a new channel.
    public static let all: NewsKinds = [.mapperRecords, .driverBeaten, .driverImproved]

    /// The kind a digest item belongs to.
    public static func of(_ section: DigestSection, driverChange: DriverChangeKind?) -> NewsKinds {
        switch (section, driverChange) {
        case (.mapper, _): .mapperRecords
        case (.driver, .improved?): .driverImproved
        case (.driver, _): .driverBeaten
        }
    }
}
