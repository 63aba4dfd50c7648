import Foundation
import HTTPTypes
import HandlerKit
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import RecordsCore
import Testing

@testable import HTTPAdapter

/// Echoes the event the adapter built.
struct EventEcho: Handler {
    func handle(_ event: Event, context: HandlerContext) async throws -> HandlerKit.Response {
        let query = event.multiValueQueryStringParameters.sorted { $0.key < $1.key }
            .map { ($0.key, JSONValue.array($0.value.map(JSONValue.string))) }
        return .json(
            200,
            JSONValue.object(
                JSONObject([
                    ("ip", .string(event.sourceIP)),
                    ("query", .object(JSONObject(query))),
                    ("method", .string(event.httpMethod)),
                    ("agent", event.header("User-Agent").map(JSONValue.string) ?? .null),
                    ("id", .string(event.pathParameters["id"] ?? "")),
                    ("requestId", .string(event.requestContext.requestId ?? "")),
                ])))
    }
}

@Suite("HTTP adapter")
struct AdapterTests {
    func app(trustedHops: Int = 1) -> some ApplicationProtocol {
        let dispatcher = Dispatcher(
            routes: [
                Route("GET", "/echo/:id", errorKey: "error", handler: EventEcho()),
                Route("POST", "/echo/:id", errorKey: "msg", handler: EventEcho()),
            ],
            policy: HTTPPolicy(), authenticator: nil, clock: SystemClock(), logger: Logger(label: "test"))
        return HTTPServer.makeApplication(
            dispatcher: dispatcher, host: "127.0.0.1", port: 0, trustedProxyHops: trustedHops,
            logger: Logger(label: "test"))
    }

    func json(_ buffer: ByteBuffer) throws -> JSONValue { try JSONValue.parse(String(buffer: buffer)) }

    @Test("requests become events: query maps, headers, client address, request id")
    func requestToEvent() async throws {
        try await app().test(.live) { client in
            try await client.execute(
                uri: "/Echo/abc/?q=a+b&q=%C3%A9&flag", method: .get,
                headers: [.userAgent: "recordsw-test", HTTPField.Name("X-Forwarded-For")!: "203.0.113.9, 198.51.100.7"]
            ) { response in
                #expect(response.status == .ok)
                let body = try json(response.body)
                #expect(body.value(at: "query.q") == .array([.string("a b"), .string("é")]))
                #expect(body.value(at: "query.flag") == .array([.string("")]))
                #expect(body.value(at: "agent") == .string("recordsw-test"))
                #expect(body.value(at: "id") == .string("abc"))
                // One trusted hop: the right-most forwarded entry is the client.
                #expect(body.value(at: "ip") == .string("198.51.100.7"))
                #expect(body.value(at: "requestId")?.stringValue?.isEmpty == false)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            }
        }
    }

    @Test("with no trusted hops X-Forwarded-For is ignored")
    func noTrustedHops() async throws {
        try await app(trustedHops: 0).test(.live) { client in
            try await client.execute(
                uri: "/echo/1", method: .get, headers: [HTTPField.Name("X-Forwarded-For")!: "203.0.113.9"]
            ) { response in
                let parsed = try json(response.body)
                #expect(parsed.value(at: "ip") == .string("127.0.0.1"))
            }
        }
    }

    @Test("a body over 1 MB is 413 JSON with the route's key and security headers")
    func tooLarge() async throws {
        try await app().test(.live) { client in
            let big = ByteBuffer(string: "{\"a\":\"" + String(repeating: "x", count: 1_100_000) + "\"}")
            try await client.execute(
                uri: "/echo/1", method: .post, headers: [.contentType: "application/json"], body: big
            ) { response in
                #expect(response.status.code == 413)
                let parsed = try json(response.body)
                #expect(parsed == .object(JSONObject([("msg", .string("Request body too large (limit 1 MB)"))])))
                #expect(response.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            }
        }
    }

    @Test("malformed JSON is 400, bad query encoding is 400, preflight is 204")
    func badInput() async throws {
        try await app().test(.router) { client in
            try await client.execute(
                uri: "/echo/1", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: "{nope")
            ) { response in
                #expect(response.status == .badRequest)
                let parsed = try json(response.body)
                #expect(parsed.value(at: "msg") == .string("Invalid JSON in request body"))
            }
            try await client.execute(uri: "/echo/1?q=%G1", method: .get) { response in
                #expect(response.status == .badRequest)
                let parsed = try json(response.body)
                #expect(parsed.value(at: "error") == .string("Invalid percent-encoding in query string"))
            }
            try await client.execute(uri: "/anything", method: .options, headers: [.origin: "http://localhost"]) {
                response in
                #expect(response.status == .noContent)
                #expect(response.headers[.accessControlAllowOrigin] == "http://localhost")
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test(
        "client address through trusted hops",
        arguments: [
            (nil as String?, 1, "10.0.0.1"),
            ("1.1.1.1", 1, "1.1.1.1"),
            ("1.1.1.1, 2.2.2.2", 1, "2.2.2.2"),
            // 2.2.2.2 is no trusted proxy, so what it claims to have received is not believed.
            ("1.1.1.1, 2.2.2.2", 2, "2.2.2.2"),
            ("1.1.1.1", 5, "1.1.1.1"),
            ("1.1.1.1", 0, "10.0.0.1"),
        ])
    func clientAddress(forwarded: String?, hops: Int, expected: String) {
        let resolved = ClientAddress.resolve(
            peer: try? SocketAddress(ipAddress: "10.0.0.1", port: 0), forwardedFor: forwarded, forwardedProto: nil,
            proxies: .default, maximumHops: hops)
        #expect(resolved.address == expected)
    }
}
