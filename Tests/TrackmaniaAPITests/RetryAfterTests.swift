import Foundation
import NIOHTTP1
import Testing

@testable import TrackmaniaAPI

@Suite("Retry-After parsing and back-off")
struct RetryAfterTests {
    @Test func deltaSeconds() {
        #expect(TrackmaniaHTTP.retryAfter(HTTPHeaders([("Retry-After", "3")])) == .seconds(3))
        #expect(TrackmaniaHTTP.retryAfter(HTTPHeaders([("Retry-After", "0.5")])) == .milliseconds(500))
        #expect(TrackmaniaHTTP.retryAfter(HTTPHeaders()) == nil)
        #expect(TrackmaniaHTTP.retryAfter(HTTPHeaders([("Retry-After", "soon")])) == nil)
    }

    @Test func httpDate() throws {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let value = formatter.string(from: Date().addingTimeInterval(30))
        let wait = try #require(TrackmaniaHTTP.retryAfter(HTTPHeaders([("Retry-After", value)])))
        #expect(wait > .seconds(27) && wait <= .seconds(30))
        let past = formatter.string(from: Date().addingTimeInterval(-60))
        #expect(TrackmaniaHTTP.retryAfter(HTTPHeaders([("Retry-After", past)])) == .zero)
    }

    @Test func backoffDoublesAndIsCapped() {
        let policy = TrackmaniaRetryPolicy(
            maxAttempts: 6, baseDelay: .seconds(1), maxDelay: .seconds(5), maxRetryAfter: .seconds(60),
            timeout: .seconds(30))
        #expect(
            (1...5).map(policy.backoff(after:)) == [.seconds(1), .seconds(2), .seconds(4), .seconds(5), .seconds(5)])
    }
}
