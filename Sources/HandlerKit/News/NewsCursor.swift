import Foundation

/// The news route's page cursor and its `since` parser, each accepting exactly what the API
/// description's pattern states (so a client validating against it is never surprised).
enum NewsCursor {
    /// The cursor of the page after the item `id` (clients treat it as opaque).
    static func encode(_ id: Int) -> String { "n\(id)" }

    /// The item id a cursor names: `n` and 1 to 9 digits without a leading zero; `nil` otherwise.
    static func decode(_ text: String) -> Int? {
        guard text.first == "n" else { return nil }
        let digits = text.dropFirst()
        guard (1...9).contains(digits.count), digits.first != "0",
            digits.utf8.allSatisfy({ (48...57).contains($0) })
        else { return nil }
        return Int(digits)
    }

    /// An RFC 3339 date-time: `YYYY-MM-DDThh:mm:ss`, optional fraction (1–9 digits), `Z` or `±hh:mm`.
    /// Day numbers past the month's end roll over (as a date library would); `nil` for anything else.
    static func parseISO8601(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[start..<start + count] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func at(_ index: Int, _ char: Character) -> Bool { index < bytes.count && bytes[index] == char.asciiValue }
        guard let year = number(0, 4), at(4, "-"), let month = number(5, 2), at(7, "-"), let day = number(8, 2),
            at(10, "T"), let hour = number(11, 2), at(13, ":"), let minute = number(14, 2), at(16, ":"),
            let second = number(17, 2),
            (1...12).contains(month), (1...31).contains(day), hour <= 23, minute <= 59, second <= 59
        else { return nil }
        var index = 19
        var fraction = 0.0
        if at(index, ".") {
            var digits = 0
            var scale = 0.1
            index += 1
            while index < bytes.count, (48...57).contains(bytes[index]), digits < 10 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                digits += 1
                index += 1
            }
            guard (1...9).contains(digits) else { return nil }
        }
        var offset = 0
        if at(index, "Z") {
            index += 1
        } else if at(index, "+") || at(index, "-") {
            let sign = at(index, "-") ? -1 : 1
            guard let hours = number(index + 1, 2), at(index + 3, ":"), let minutes = number(index + 4, 2),
                hours <= 23, minutes <= 59
            else { return nil }
            offset = sign * (hours * 3600 + minutes * 60)
            index += 6
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        // Days from the civil date (proleptic Gregorian), so Feb 31 rolls over like the pattern allows.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
