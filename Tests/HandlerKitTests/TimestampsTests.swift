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
}
