import Foundation
import RecordsCore

/// The cron routes' authentication: `CRON_SECRET` as `Authorization: Bearer`, `?secret=` or the body's
/// `secret` (the three places the original accepted), compared in constant time, with failed attempts
/// limited per client address as logins are (``RateRule/cronAttempt``).
public struct CronSecretCheck: Sendable {
    /// `CRON_SECRET`; `nil` refuses every call, as the original.
    public var secret: String?
    private let limiter: RequestLimiter?

    /// - Parameters:
    ///   - secret: `CRON_SECRET`.
    ///   - limiter: Counts failed attempts per client address; `nil` in unit tests.
    public init(secret: String?, limiter: RequestLimiter? = nil) {
        self.secret = secret
        self.limiter = limiter
    }

    /// Passes when any offered secret matches.
    /// - Throws: 400 when the body's `secret` is not a string; 429 with `Retry-After` once a client
    ///   has failed ``RateRule/cronAttempt``'s number of times; 401 `{"error":"Unauthorized"}` otherwise.
    public func verify(_ event: Event, body: RequestBody, now: Date) async throws {
        let fromBody = try body.string("secret")
        // Counted before comparing, and given back on success: parallel guesses cannot overrun it.
        let attempt = try await limiter?.reserve(.cronAttempt, key: event.sourceIP, now: now)
        guard matches(event, fromBody: fromBody) else { throw Self.unauthorized }
        if let limiter, let attempt { try await limiter.release(attempt) }
    }

    private func matches(_ event: Event, fromBody: String?) -> Bool {
        guard let secret, !secret.isEmpty else { return false }
        var offered: [String] = []
        if let header = event.header("Authorization") {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                offered.append(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        if let query = event.queryValues("secret").last { offered.append(query) }
        if let fromBody { offered.append(fromBody) }
        // Every candidate is compared in full, so timing says nothing about which or how much matched.
        var matched = false
        for candidate in offered where Self.constantTimeEqual(candidate, secret) { matched = true }
        return matched
    }

    static let unauthorized = HandlerError(401, "Unauthorized", key: "error")

    /// Compares two strings in time that depends only on their lengths.
    static func constantTimeEqual(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}

extension DailyRunReport {
    /// The original's response fields plus the run id and the new counters.
    var responseObject: JSONObject {
        JSONObject([
            ("phase1Processed", .number(Double(phase1Processed))),
            ("phase2Processed", .number(Double(phase2Processed))),
            ("phase1Errors", .number(Double(phase1Errors))),
            ("phase2Errors", .number(Double(phase2Errors))),
            ("emailsSent", .number(Double(emailsSent))),
            ("emailsSkipped", .number(Double(emailsSkipped))),
            ("emailsFailed", .number(Double(emailsFailed))),
            ("totalProcessed", .number(Double(totalProcessed))),
            ("itemsQueued", .number(Double(itemsQueued))),
            ("mapsFetched", .number(Double(mapsFetched))),
            ("trackmaniaCalls", .number(Double(trackmaniaCalls))),
            ("exchangeCalls", .number(Double(exchangeCalls))),
            ("runId", .number(Double(runId))),
            ("pushPostsSent", .number(Double(push?.postsSent ?? 0))),
            ("pushItemsDelivered", .number(Double(push?.itemsDelivered ?? 0))),
            ("pushPostsDeferred", .number(Double(push?.postsDeferred ?? 0))),
            ("pushItemsDropped", .number(Double(push?.itemsDropped ?? 0))),
            ("pushItemsInDoubt", .number(Double(push?.itemsInDoubt ?? 0))),
            ("pushChannelsDisabled", .number(Double(push?.channelsDisabled ?? 0))),
        ])
    }
}
