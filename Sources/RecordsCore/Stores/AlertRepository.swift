import Foundation

/// Reads and writes `alerts` and their `alert_maps`.
public protocol AlertRepository: Sendable {
    /// The user's alerts, newest first (R5).
    func alerts(userId: Int) async throws -> [Alert]

    /// The alert with this id, or `nil`.
    func alert(id: Int) async throws -> Alert?

    /// Inserts an alert (R6).
    func create(_ alert: NewAlert, now: Date) async throws -> Alert

    /// Sets the record filter of the user's alert (R7). Returns `nil` when no such alert belongs to the user.
    func setRecordFilter(alertId: Int, userId: Int, filter: RecordFilter, now: Date) async throws -> Alert?

    /// Deletes the user's alert with its `alert_maps`, and the `map_positions` of those maps that no
    /// remaining alert covers, in one transaction (R8). Returns `false` when no such alert belongs to the user.
    func delete(alertId: Int, userId: Int) async throws -> Bool

    /// Sets the type of every alert of the user (R25, the auto-switch). Switching to `accurate` also deletes the
    /// `map_positions` of the user's maps that no other inaccurate alert covers. Returns the updated alerts.
    func setAlertType(userId: Int, type: AlertType, now: Date) async throws -> [Alert]

    /// Stores the number of maps the user authored.
    func setMapCount(alertId: Int, count: Int, now: Date) async throws

    /// The map UIDs of the alert, sorted.
    func mapUids(alertId: Int) async throws -> [String]

    /// Adds maps to the alert, skipping ones already present; returns how many were new.
    func addMaps(alertId: Int, mapUids: [String]) async throws -> Int

    /// The number of `alert_maps` rows over all alerts (R26 `maps_checked`).
    func totalMapCount() async throws -> Int

    /// One alert per user (their oldest), ordered by user id: the daily run's mapper work list.
    func alertsForDailyRun() async throws -> [Alert]
}
