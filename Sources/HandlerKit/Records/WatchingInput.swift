import Foundation
import RecordsCore

/// Input rules shared by the watching routes (alerts, driver notifications, map searches, latest
/// records). Each refuses bad input with a 400 under the route's error key; nothing is coerced.
enum WatchingInput {
    /// A row id from the path: digits only, 1 to 2³¹−1 (the `serial` range). Anything else
    /// (`abc`, `-1`, `1.5`, `99999999999`) is a 400 with `message`, never a database error.
    static func rowId(_ event: Event, name: String = "id", message: String) throws -> Int {
        guard let raw = event.pathParameters[name], !raw.isEmpty, raw.count <= 10,
            raw.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Int(raw), value >= 1, value <= Int(Int32.max)
        else { throw HandlerError.badRequest(message) }
        return value
    }

    /// The single value of a query key, trimmed; `nil` when absent or empty.
    /// - Throws: 400 when the key is repeated (`?a=1&a=2`).
    static func single(_ event: Event, _ name: String) throws -> String? {
        let values = event.queryValues(name)
        guard values.count <= 1 else { throw HandlerError.badRequest("\(name) must be given once") }
        let value = (values.first ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }

    /// Whether `text` is a Nadeo map uid as it may appear in an upstream URL path: 1 to 100 characters of
    /// `[A-Za-z0-9_-]`, so no `/`, `.`, `?`, `%` or space can reach the Nadeo request.
    static func isMapUid(_ text: String) -> Bool {
        (1...100).contains(text.utf8.count)
            && text.utf8.allSatisfy { byte in
                (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                    || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                    || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }
    }

    /// Whether `text` has control characters (refused in names and queries).
    static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// ``RequestLimiter/reserve(_:key:now:)`` with the same `retryAfter` body member as
    /// ``consumeWithRetryAfter(_:_:key:now:)``, for work that may give the attempt back.
    static func reserveWithRetryAfter(
        _ limiter: RequestLimiter, _ rule: RateRule, key: String, now: Date
    ) async throws -> RequestLimiter.Reservation {
        do {
            return try await limiter.reserve(rule, key: key, now: now)
        } catch var refusal as HandlerError where refusal.status == 429 {
            refusal.extra["retryAfter"] = .int(Int(rule.window.components.seconds))
            throw refusal
        }
    }

    /// A 429 from `limiter` with the original's `retryAfter` body member (R3, R18).
    static func consumeWithRetryAfter(
        _ limiter: RequestLimiter, _ rule: RateRule, key: String, now: Date
    ) async throws {
        do {
            try await limiter.consume(rule, key: key, now: now)
        } catch var refusal as HandlerError where refusal.status == 429 {
            refusal.extra["retryAfter"] = .int(Int(rule.window.components.seconds))
            throw refusal
        }
    }
}
