/// The watching routes' limits, per signed-in caller (the original keyed the map search on the
/// searched username, which anyone could rotate). Reads of one's own lists are not limited: they are
/// one indexed select, cheaper than the write a limit would cost.
extension RateRule {
    /// Alert creations: 10 per 5 minutes (the original's).
    public static let createAlert = RateRule(
        name: "create_alert", limit: 10, window: .seconds(300),
        message: "Too many alert creation attempts. Please try again later.")
    /// Alert and notification changes (filter updates, deletions): 60 per minute.
    public static let changeWatch = RateRule(
        name: "change_watch", limit: 60, window: .seconds(60),
        message: "Too many changes. Please try again later.")
    /// Driver notification creations: 5 per 5 minutes (the original's).
    public static let createDriverNotification = RateRule(
        name: "create_driver_notification", limit: 5, window: .seconds(300),
        message: "Too many notification creation attempts. Please try again later.")
    /// Map searches started: 2 per minute (the original's number, now per caller).
    public static let mapSearch = RateRule(
        name: "map_search", limit: 2, window: .seconds(60),
        message: "Rate limit exceeded. Please wait before making another request.")
    /// Job status polls: 60 per minute (the frontend polls every 3 seconds).
    public static let mapSearchStatus = RateRule(
        name: "map_search_status", limit: 60, window: .seconds(60),
        message: "Rate limit exceeded. Please wait before making another request.")
    /// Driver map searches: 5 per minute (the original's).
    public static let driverMapSearch = RateRule(
        name: "driver_map_search", limit: 5, window: .seconds(60),
        message: "Rate limit exceeded. Please wait before making another request.")
    /// Latest-records look-ups: 10 per minute (each is one Nadeo call on the server's account).
    public static let latestRecords = RateRule(
        name: "latest_records", limit: 10, window: .seconds(60),
        message: "Rate limit exceeded. Please wait before making another request.")
}
