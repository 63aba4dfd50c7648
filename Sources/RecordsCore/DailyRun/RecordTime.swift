/// Formats record times in milliseconds the way `personalBestFormatted` shows them (contract §6.4):
/// `S.mmm` under a minute, `M:SS.mmm` under an hour, `H:MM:SS.mmm` beyond, `0.000` for zero or less
/// (a secret-threshold score of −1 included).
public enum RecordTime {
    /// The text of `milliseconds`.
    public static func format(_ milliseconds: Int) -> String {
        guard milliseconds > 0 else { return "0.000" }
        let millis = milliseconds % 1000
        let totalSeconds = milliseconds / 1000
        let seconds = totalSeconds % 60
        let minutes = (totalSeconds / 60) % 60
        let hours = totalSeconds / 3600
        let fraction = pad(millis, 3)
        if hours > 0 { return "\(hours):\(pad(minutes, 2)):\(pad(seconds, 2)).\(fraction)" }
        if minutes > 0 { return "\(minutes):\(pad(seconds, 2)).\(fraction)" }
        return "\(seconds).\(fraction)"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
