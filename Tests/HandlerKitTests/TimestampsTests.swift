import Foundation
import RecordsCore
import Testing

@Suite("Timestamps")
struct TimestampsTests {
    @Test(
        "ISO-8601 in UTC with milliseconds, whatever the process time zone",
        arguments: [
            (0.0, "1970-01-01T00:00:00.000Z"),
            (1_795_471_449.5, "2026-11-23T22:04:09.500Z"),
            (951_782_400.007, "2000-02-29T00:00:00.007Z"),
            (4_102_444_799.999, "2099-12-31T23:59:59.999Z"),
        ])
    func iso8601(seconds: Double, text: String) {
        #expect(Timestamps.iso8601(Date(timeIntervalSince1970: seconds)) == text)
    }

    @Test("agrees with Foundation's ISO-8601 style over random instants, before 1970 too")
    func randomInstants() {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            // Whole seconds plus a binary fraction, so both sides see the exact same milliseconds.
            let seconds =
                Double(Int.random(in: -2_000_000_000...4_000_000_000, using: &random))
                + [0, 0.125, 0.25, 0.5, 0.875].randomElement(using: &random)!
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamps.iso8601(date) == date.formatted(style))
        }
    }
}
