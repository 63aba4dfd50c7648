import Foundation

/// Calendar days in UTC as `YYYY-MM-DD`, whatever the process or database time zone.
///
/// The original formatted `date` columns through the Node process's local time zone, which was
/// right only while it ran in UTC; every day here is computed from Unix time, where a UTC day is
/// always 86,400 seconds.
public enum UTCDays {
    /// The UTC day `days` days before the UTC day of `date`.
    public static func day(_ date: Date, minus days: Int = 0) -> String {
        Timestamps.utcDay(date.addingTimeInterval(-Double(days) * 86_400))
    }

    private static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// The day in the `en-US` long form the original's admin page showed
    /// (`"Sunday, November 23, 2025"`), or `nil` for text that is not `YYYY-MM-DD`.
    public static func longEnglish(_ day: String) -> String? {
        let parts = day.split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let dayOfMonth = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(dayOfMonth)
        else { return nil }
        // 1970-01-01 (day 0) was a Thursday, index 4.
        let weekday = (daysFromCivil(year: year, month: month, day: dayOfMonth) % 7 + 11) % 7
        return "\(weekdays[weekday]), \(months[month - 1]) \(dayOfMonth), \(year)"
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
