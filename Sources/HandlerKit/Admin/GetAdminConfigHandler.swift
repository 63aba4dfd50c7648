import Foundation
import RecordsCore

/// `GET /api/v1/admin/config` (R22): every registered setting with its description and current
/// value; a setting without a row shows its default and `updated_at: null`.
public struct GetAdminConfigHandler: Handler {
    private let config: any AdminConfigRepository
    private let settings: [AdminSetting]

    /// - Parameters:
    ///   - config: The stored values.
    ///   - settings: The registry to list (``AdminSettings/registry`` in the app).
    public init(config: any AdminConfigRepository, settings: [AdminSetting] = AdminSettings.registry) {
        self.config = config
        self.settings = settings
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        _ = try context.requireCaller()
        let rows = try await config.all()
        let stored = Dictionary(rows.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let configs: [JSONValue] = settings.map { setting -> JSONValue in
            let row = stored[setting.key]
            return [
                "config_key": .string(setting.key),
                "config_value": .string(row?.value ?? setting.defaultValue),
                "description": .string(setting.description),
                "updated_at": .string(row?.updatedAt.map(Timestamps.iso8601)),
            ]
        }
        return .json(
            200,
            ["message": "Admin configuration retrieved successfully", "configs": .array(configs)] as JSONValue)
    }
}
