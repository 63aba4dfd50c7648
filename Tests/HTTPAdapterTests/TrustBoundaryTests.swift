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

@Suite("Trust boundaries of the HTTP adapter")
struct TrustBoundaryTests {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let strictTransport = HTTPField.Name("Strict-Transport-Security")!

    func app(
        proxies: TrustedProxies = .default, hops: Int = 1, limits: ConnectionLimits = ConnectionLimits()
    ) -> some ApplicationProtocol {
        let dispatcher = Dispatcher(
            routes: [Route("GET", "/echo/:id", errorKey: "error", handler: EventEcho())],
            policy: HTTPPolicy(), authenticator: nil, clock: SystemClock(), logger: Logger(label: "test"))
        return HTTPServer.makeApplication(
            dispatcher: dispatcher, host: "127.0.0.1", port: 0, trustedProxyHops: hops, trustedProxies: proxies,
            limits: limits, logger: Logger(label: "test"))
    }

    static func peer(_ text: String) -> SocketAddress {
        // Port 0 is fine: only the address matters.
        try! SocketAddress(ipAddress: text, port: 0)
    }

    static let sample = TrustedProxies(setting: "loopback,private")!

    @Test(
        "a forwarded entry counts only when the hop that added it is a trusted proxy",
        arguments: [
            // A client reaching the port directly from a public address: its header is ignored.
            ("203.0.113.5", "1.2.3.4", 1, "203.0.113.5"),
            // Through a proxy on loopback or in a private network: the proxy's entry is the client.
            ("127.0.0.1", "1.2.3.4", 1, "1.2.3.4"),
            ("172.18.0.3", "1.2.3.4", 1, "1.2.3.4"),
            // The client's own prefix before the proxy's entry is not believed.
            ("127.0.0.1", "6.6.6.6, 1.2.3.4", 5, "1.2.3.4"),
            // Two proxies (a private hop, then loopback) with two hops allowed; one hop caps the walk.
            ("127.0.0.1", "9.9.9.9, 10.0.0.2", 2, "9.9.9.9"),
            ("127.0.0.1", "9.9.9.9, 10.0.0.2", 1, "10.0.0.2"),
            // TRUSTED_PROXY_HOPS=0 ignores the header.
            ("127.0.0.1", "1.2.3.4", 0, "127.0.0.1"),
            // Entries that are not addresses are never used or echoed.
            ("127.0.0.1", "<script>alert(1)</script>", 1, "127.0.0.1"),
            ("127.0.0.1", "unknown", 1, "127.0.0.1"),
            ("127.0.0.1", "9.9.9.9, not-an-ip", 3, "127.0.0.1"),
            ("127.0.0.1", "", 1, "127.0.0.1"),
            // The forms proxies write, canonicalised.
            ("127.0.0.1", "[2001:DB8::1]:443", 1, "2001:db8::1"),
            ("127.0.0.1", "203.0.113.9:5120", 1, "203.0.113.9"),
            ("127.0.0.1", "::ffff:203.0.113.9", 1, "203.0.113.9"),
            ("::ffff:127.0.0.1", "198.51.100.4", 1, "198.51.100.4"),
            ("::1", "2001:db8::7", 1, "2001:db8::7"),
        ])
    func forwardedWalk(peer: String, forwarded: String, hops: Int, expected: String) {
        let resolved = ClientAddress.resolve(
            peer: Self.peer(peer), forwardedFor: forwarded, forwardedProto: nil, proxies: Self.sample,
            maximumHops: hops)
        #expect(resolved.address == expected)
    }

    @Test("TRUSTED_PROXIES=none trusts no proxy, a listed CIDR only its own range")
    func proxyLists() throws {
        let none = try #require(TrustedProxies(setting: "none"))
        #expect(
            ClientAddress.resolve(
                peer: Self.peer("127.0.0.1"), forwardedFor: "1.2.3.4", forwardedProto: "https", proxies: none,
                maximumHops: 1) == ClientAddress(address: "127.0.0.1", forwardedSecure: false))
        let listed = try #require(TrustedProxies(setting: " 192.0.2.0/24 , 2001:db8::/32"))
        #expect(listed.contains(IPAddress("192.0.2.200")!))
        #expect(!listed.contains(IPAddress("192.0.3.1")!))
        #expect(listed.contains(IPAddress("2001:db8:ffff::1")!))
        #expect(!listed.contains(IPAddress("127.0.0.1")!))
        for bad in ["", "nonsense", "10.0.0.0/33", "10.0.0.0/-1", "none,loopback", "1.2.3", "example.com"] {
            #expect(TrustedProxies(setting: bad) == nil, "\(bad)")
        }
        #expect(AddressRange("10.0.0.0/8")?.contains(IPAddress("10.255.1.1")!) == true)
        #expect(AddressRange("172.16.0.0/12")?.contains(IPAddress("172.32.0.1")!) == false)
        #expect(AddressRange("fc00::/7")?.contains(IPAddress("fd12::1")!) == true)
    }

    @Test("X-Forwarded-Proto counts only from a trusted proxy")
    func forwardedProto() {
        let viaProxy = ClientAddress.resolve(
            peer: Self.peer("127.0.0.1"), forwardedFor: "1.2.3.4", forwardedProto: "https", proxies: Self.sample,
            maximumHops: 1)
        #expect(viaProxy.forwardedSecure)
        let direct = ClientAddress.resolve(
            peer: Self.peer("203.0.113.5"), forwardedFor: nil, forwardedProto: "https", proxies: Self.sample,
            maximumHops: 1)
        #expect(!direct.forwardedSecure)
        let plain = ClientAddress.resolve(
            peer: Self.peer("127.0.0.1"), forwardedFor: nil, forwardedProto: "http", proxies: Self.sample,
            maximumHops: 1)
        #expect(!plain.forwardedSecure)
    }

    @Test("over HTTP: a client that is not a listed proxy cannot choose its address")
    func directClientCannotSpoof() async throws {
        // The test client connects from loopback; list another proxy so that loopback is a plain client.
        try await app(proxies: try #require(TrustedProxies(setting: "192.0.2.10"))).test(.live) { client in
            for spoofed in ["1.2.3.4", "10.0.0.1, 1.2.3.4", "garbage"] {
                try await client.execute(uri: "/echo/1", method: .get, headers: [Self.forwardedFor: spoofed]) {
                    response in
                    let body = try JSONValue.parse(String(buffer: response.body))
                    #expect(body.value(at: "ip") == .string("127.0.0.1"))
                }
            }
        }
    }

    @Test("over HTTP: HSTS when a trusted proxy received the request over TLS, not otherwise")
    func strictTransportOverTLS() async throws {
        try await app().test(.live) { client in
            try await client.execute(
                uri: "/echo/1", method: .get, headers: [Self.forwardedFor: "1.2.3.4", Self.forwardedProto: "https"]
            ) { response in
                #expect(response.headers[Self.strictTransport] == HTTPPolicy.strictTransportValue)
                #expect(response.headers[HTTPField.Name("Content-Security-Policy")!] != nil)
            }
            try await client.execute(uri: "/echo/1", method: .get, headers: [Self.forwardedProto: "http"]) {
                response in
                #expect(response.headers[Self.strictTransport] == nil)
            }
        }
        try await app(proxies: .none).test(.live) { client in
            try await client.execute(uri: "/echo/1", method: .get, headers: [Self.forwardedProto: "https"]) {
                response in
                #expect(response.headers[Self.strictTransport] == nil)
            }
        }
    }

    @Test("a connection that sends nothing, half a head or half a body is closed after the request timeout")
    func halfOpenConnectionsClose() async throws {
        let limits = ConnectionLimits(requestTimeout: .seconds(2), maximumConnections: 64)
        try await app(limits: limits).test(.live) { client in
            let port = try #require(client.port)
            // Sends may fail on a very busy machine if the server has already closed the socket;
            // that is the outcome under test, so they are not required to succeed.
            let silent = try await RawSocket.connect(port: port)
            let halfHead = try await RawSocket.connect(port: port)
            try? await halfHead.send("GET /echo/1 HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            let halfBody = try await RawSocket.connect(port: port)
            try? await halfBody.send(
                "GET /echo/1 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"a\":")
            // Answered early (413 before the body), then the rest of the body, then nothing.
            let early = try await RawSocket.connect(port: port)
            try? await early.send(
                "POST /echo/1 HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1100000\r\n\r\n")
            try? await early.send(String(repeating: "x", count: 1_100_000))
            for socket in [silent, halfHead, halfBody, early] {
                // Closed by the server: readUntilClosed answers nil only if the 30 s guard passed first.
                #expect(try await socket.readUntilClosed() != nil)
            }
            // A complete request on a fresh connection is still answered.
            let answer = try await RawSocket.request(port: port, path: "/echo/7")
            #expect(answer?.hasPrefix("HTTP/1.1 200") == true)
        }
    }

    @Test("with the connection cap reached by idle sockets, a new request is still answered")
    func connectionCapKeepsServing() async throws {
        let limits = ConnectionLimits(requestTimeout: .seconds(60), maximumConnections: 4)
        try await app(limits: limits).test(.live) { client in
            let port = try #require(client.port)
            var idle: [RawSocket] = []
            for _ in 0..<12 { idle.append(try await RawSocket.connect(port: port)) }
            let answer = try await RawSocket.request(port: port, path: "/echo/health")
            #expect(answer?.hasPrefix("HTTP/1.1 200") == true)
            // The oldest idle sockets were closed to make room: at most the cap stays open.
            var open = 0
            for socket in idle {
                // Give the server's closes time to arrive: a closed socket reads to its end at once.
                if try await socket.readUntilClosed(limit: .seconds(3)) == nil { open += 1 }
            }
            #expect(open <= 4)
            for socket in idle { socket.close() }
        }
    }
}
