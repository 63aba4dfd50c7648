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

    /// Every setting, in the order the admin page lists them.
    public static let registry: [AdminSetting] = [
        maxUsersRegistration
    ]

    /// The registered setting with this key, or `nil` for an unknown key.
    public static func setting(forKey key: String) -> AdminSetting? {
        registry.first { $0.key == key }
    }

    /// The current value of an integer setting, read from the store now (missing or unusable
    /// rows give the default).
    public static func integer(_ setting: AdminSetting, from store: any AdminConfigRepository) async throws -> Int {
        setting.integer(from: try await store.value(forKey: setting.key))
    }
}
