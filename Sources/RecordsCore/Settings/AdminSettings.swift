import Foundation

/// The registry of every `admin_config` key the product uses.
///
/// A feature that reads a new setting adds one ``AdminSetting`` here (and reads it through
/// ``AdminSettings/integer(_:from:)``); the admin routes then list and validate it with no other
/// change. Values are read from the database on each use, so a change made on one instance takes
/// effect on every instance at once, without a restart or a cache to expire.
public enum AdminSettings {
    /// The registration cap (R10): registration closes once `users` holds this many rows.
    public static let maxUsersRegistration = AdminSetting(
        key: "max_users_registration",
        description: "Maximum number of registered users; registration closes when it is reached",
        kind: .integer(1...10000),
        defaultValue: "200",
        invalidMessage: "Max users registration must be between 1 and 10000")

    /// Above this many new records for one user, a map shows the popular-map line in the digest
    /// (`MAX_NEW_RECORDS_PER_MAP` gives the value used while no row exists).
    public static let maxNewRecordsPerMap = AdminSetting(
        key: "max_new_records_per_map",
        description: "Daily digest: above this many new records on one map, the map shows a summary line instead",
        kind: .integer(1...10_000),
        defaultValue: "20")

    /// Authors with more maps than this are watched in inaccurate mode (position probes); read when
    /// an alert lists its maps and by each daily run (`AUTO_INACCURATE_MAP_THRESHOLD` while no row exists).
    public static let autoInaccurateMapThreshold = AdminSetting(
        key: "auto_inaccurate_map_threshold",
        description: "Mapper alerts switch to inaccurate mode when the author has more maps than this",
        kind: .integer(1...1_000_000),
        defaultValue: "100")

    /// Leaderboard depth the daily run reads and baselines per map (`DAILY_TOP_N` while no row exists).
    public static let dailyTopN = AdminSetting(
        key: "daily_top_n",
        description: "Daily run: how many leaderboard positions are read and compared per map (1-100)",
        kind: .integer(1...100),
        defaultValue: "100")

    /// Every setting, in the order the admin page lists them, with the built-in defaults.
    public static let registry: [AdminSetting] = registry()

    /// Every setting, with the defaults the server was started with (the values used while a key has
    /// no row), so the admin page shows what is in effect.
    public static func registry(
        maxNewRecordsPerMap newRecords: Int? = nil, inaccurateThreshold: Int? = nil, dailyTopN topN: Int? = nil
    ) -> [AdminSetting] {
        [
            maxUsersRegistration,
            maxNewRecordsPerMap.withDefault(newRecords),
            autoInaccurateMapThreshold.withDefault(inaccurateThreshold),
            dailyTopN.withDefault(topN),
        ]
    }

    /// The registered setting with this key, or `nil` for an unknown key.
    public static func setting(forKey key: String) -> AdminSetting? {
        registry.first { $0.key == key }
    }

    /// The current value of an integer setting, read from the store now (missing or unusable
    /// rows give the default).
    public static func integer(_ setting: AdminSetting, from store: any AdminConfigRepository) async throws -> Int {
        setting.integer(from: try await store.value(forKey: setting.key))
    }

    /// The stored value of an integer setting, or `nil` while the key has no usable row (the caller
    /// then keeps its configured value).
    public static func storedInteger(_ setting: AdminSetting, from store: any AdminConfigRepository) async throws
        -> Int?
    {
        setting.storedInteger(from: try await store.value(forKey: setting.key))
    }
}
