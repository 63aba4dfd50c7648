import Foundation
import HandlerKit
import Logging
import RecordsCore

/// Times request-body parsing through the dispatcher (issue 26): a normal login body next to the
/// 1 MB worst cases, form and JSON, flat and nested, refused and accepted. Prints a Markdown table
/// and a `RESULT {json}` line for `scripts/bench.py`.
///
/// Usage: `bench-body [SECONDS_PER_CASE]` (default 1). Build it in release to read the figures.
@main
struct BenchBody {
    /// Accepts any body and answers 204, so what is timed is the dispatcher and the body parser.
    struct Sink: Handler {
        func handle(_ event: Event, context: HandlerContext) async throws -> Response {
            Response(statusCode: 204)
        }
    }

    struct Case {
        var name: String
        var contentType: String
        var body: String
    }

    static let megabyte = 1_000_000

    static func filled(_ make: (Int) -> String, open: String = "", close: String = "", separator: String) -> String {
        var parts: [String] = []
        var size = open.utf8.count + close.utf8.count
        while size < megabyte {
            let part = make(parts.count)
            size += part.utf8.count + separator.utf8.count
            parts.append(part)
        }
        return open + parts.joined(separator: separator) + close
    }

    static let cases: [Case] = [
        Case(
            name: "login body (JSON)", contentType: "application/json",
            body: #"{"email":"player@example.com","password":"correct horse battery staple"}"#),
        Case(
            name: "login body (form)", contentType: "application/x-www-form-urlencoded",
            body: "email=player%40example.com&password=correct+horse+battery+staple"),
        Case(
            name: "1 MB form, empty keys (refused)", contentType: "application/x-www-form-urlencoded",
            body: filled({ "k\($0)=" }, separator: "&")),
        Case(
            name: "1 MB form, 64 percent-encoded fields (accepted)", contentType: "application/x-www-form-urlencoded",
            body: (0..<64).map { "f\($0)=" + String(repeating: "%C3%A9", count: megabyte / 64 / 6) }
                .joined(separator: "&")),
        Case(
            name: "1 MB JSON, flat keys (refused)", contentType: "application/json",
            body: filled({ #""k\#($0)":0"# }, open: "{", close: "}", separator: ",")),
        Case(
            name: "1 MB JSON, nested arrays (refused)", contentType: "application/json",
            body: String(repeating: "[", count: megabyte)),
        Case(
            name: "1 MB JSON, nested objects (refused)", contentType: "application/json",
            body: String(repeating: #"{"a":"#, count: megabyte / 5)),
        Case(
            name: "1 MB JSON, 1,000 escaped strings (accepted)", contentType: "application/json",
            body: #"{"a":["#
                + (0..<1_000).map { _ in "\"" + String(repeating: #"\u00e9x"#, count: 142) + "\"" }
                .joined(separator: ",") + "]}"),
        Case(
            name: "1 MB JSON, one plain string (accepted)", contentType: "application/json",
            body: #"{"a":""# + String(repeating: "x", count: megabyte) + #""}"#),
    ]

    static func main() async {
        let seconds = CommandLine.arguments.dropFirst().first.flatMap(Double.init) ?? 1
        var logger = Logger(label: "bench-body")
        logger.logLevel = .critical
        let dispatcher = Dispatcher(
            routes: [Route("POST", "/api/v1/users/login", errorKey: "msg", handler: Sink())], policy: HTTPPolicy(),
            authenticator: nil, clock: SystemClock(), logger: logger)
        var rows: [[String: JSONValue]] = []
        print("| body | bytes | status | µs/request | ns/byte |")
        print("|---|---|---|---|---|")
        for item in cases {
            let event = Event(
                httpMethod: "POST", path: "/api/v1/users/login", headers: ["content-type": item.contentType],
                body: item.body)
            var status = 0
            var count = 0
            let clock = ContinuousClock()
            let start = clock.now
            while clock.now - start < .seconds(seconds) || count < 3 {
                status = await dispatcher.dispatch(event).statusCode
                count += 1
            }
            let elapsed = clock.now - start
            let perRequest =
                (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) / Double(count)
            let bytes = item.body.utf8.count
            print(
                "| \(item.name) | \(bytes) | \(status) | \(String(format: "%.1f", perRequest * 1e6)) "
                    + "| \(String(format: "%.2f", perRequest * 1e9 / Double(bytes))) |")
            rows.append([
                "name": .string(item.name), "bytes": .number(Double(bytes)), "status": .number(Double(status)),
                "seconds": .number(perRequest),
            ])
        }
        print("RESULT " + JSONValue.array(rows.map { .object(JSONObject($0.sorted { $0.key < $1.key })) }).jsonText())
    }
}
