import Foundation
import RecordsCore

/// `PUT /api/v1/admin/config` (R23): validates a value for a registered setting (numbers may arrive
/// as strings, as the admin page sends them) and stores it with `updated_at`.
///
/// Every instance reads settings from the database when it uses them, so the change applies
/// everywhere at once.
public struct UpdateAdminConfigHandler: Handler {
    private let config: any AdminConfigRepository
    private let settings: [AdminSetting]

    public init(config: any AdminConfigRepository, settings: [AdminSetting] = AdminSettings.registry) {
        self.config = config
        self.settings = settings
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        _ = try context.requireCaller()
        let key = context.body["config_key"]
        let value = context.body["config_value"]
        guard let key, key != .null, key != .string(""), let value, value != .null else {
            throw HandlerError.badRequest("config_key and config_value are required")
        }
        guard case .string(let name) = key else { throw HandlerError.badRequest("config_key must be a string") }
        guard let setting = settings.first(where: { $0.key == name }) else {
            throw HandlerError.badRequest("Unknown config key")
        }
        guard let normalized = setting.normalized(value) else { throw HandlerError.badRequest(setting.invalidMessage) }
        let now = context.clock.now
        try await config.set(key: setting.key, value: normalized, description: setting.description, now: now)
        context.logger.notice("admin setting changed", metadata: ["key": .string(setting.key)])
        return .json(
            200,
            [
                "message": "Configuration updated successfully",
                "config": [
                    "config_key": .string(setting.key), "config_value": .string(normalized),
                    "description": .string(setting.description), "updated_at": .string(Timestamps.iso8601(now)),
                ],
            ] as JSONValue)
    }
}
