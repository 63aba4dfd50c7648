import Foundation
import HandlerKit
import Logging
import RecordsCore
import Testing

/// A known path asked with a method no route serves there is `405` with `Allow` (RFC 9110 §15.5.6);
/// an unknown path stays the original's `404 {"error":"Not found"}`, and `OPTIONS` stays the preflight.
@Suite("Method not allowed")
struct MethodNotAllowedTests {
    let dispatcher = DispatcherTests.dispatcher([
        Route("POST", "/api/v1/users/alerts", errorKey: "msg", headers: Route.strictTransport, handler: EchoHandler()),
        Route("GET", "/api/v1/users/alerts", errorKey: "msg", headers: Route.strictTransport, handler: EchoHandler()),
        Route("PUT", "/api/v1/users/alerts/:id", errorKey: "msg", handler: EchoHandler()),
        Route("DELETE", "/api/v1/users/alerts/:id", errorKey: "msg", handler: EchoHandler()),
        Route("GET", "/api/v1/stats", errorKey: "error", handler: EchoHandler()),
        Route("POST", "/api/v1/users/login", errorKey: "msg", handler: EchoHandler()),
    ])

    @Test(
        "Allow lists the path's methods, HEAD beside GET and OPTIONS last",
        arguments: [
            ("TRACE", "/api/v1/users/alerts", "GET, HEAD, POST, OPTIONS"),
            ("PATCH", "/API/V1/Users/Alerts/", "GET, HEAD, POST, OPTIONS"),
            ("GET", "/api/v1/users/alerts/12", "PUT, DELETE, OPTIONS"),
            ("post", "/api/v1/users/alerts/abc/", "PUT, DELETE, OPTIONS"),
            ("DELETE", "/api/v1/stats", "GET, HEAD, OPTIONS"),
            ("GET", "/api/v1/users/login", "POST, OPTIONS"),
        ])
    func allowed(method: String, path: String, allow: String) async throws {
        let response = await dispatcher.dispatch(Event(httpMethod: method, path: path))
        #expect(response.statusCode == 405)
        #expect(response.header("Allow") == allow)
        #expect(response.header("X-Frame-Options") == "DENY")
        #expect(response.header("Content-Type") == "application/json; charset=utf-8")
    }

    @Test("the message goes under the route's error key, with the route's own headers")
    func body() async throws {
        let alerts = await dispatcher.dispatch(Event(httpMethod: "TRACE", path: "/api/v1/users/alerts"))
        #expect(alerts.body == #"{"msg":"Method not allowed"}"#)
        #expect(alerts.header("Strict-Transport-Security") == Route.strictTransportValueForTests)
        let stats = await dispatcher.dispatch(Event(httpMethod: "PUT", path: "/api/v1/stats"))
        #expect(stats.body == #"{"error":"Method not allowed"}"#)
    }

    @Test("HEAD where no GET is served is 405 without a body")
    func head() async throws {
        let response = await dispatcher.dispatch(Event(httpMethod: "HEAD", path: "/api/v1/users/login"))
        #expect(response.statusCode == 405)
        #expect(response.header("Allow") == "POST, OPTIONS")
        #expect(response.body == nil)
        // Where a GET is served, HEAD is served by it.
        #expect(await dispatcher.dispatch(Event(httpMethod: "HEAD", path: "/api/v1/stats")).statusCode == 200)
    }

    @Test(
        "unknown paths stay 404 whatever the method",
        arguments: [
            ("TRACE", "/api/v1/nothing-here"), ("GET", "/api/v1/users//alerts"), ("PATCH", "/api/v1/users/alerts/1/2"),
            ("DELETE", "/api/v1/users/alerts//"),
        ])
    func unknown(method: String, path: String) async throws {
        let response = await dispatcher.dispatch(Event(httpMethod: method, path: path))
        #expect(response.statusCode == 404)
        #expect(response.body == #"{"error":"Not found"}"#)
        #expect(response.header("Allow") == nil)
    }

    @Test("OPTIONS stays the CORS preflight")
    func preflight() async throws {
        let response = await dispatcher.dispatch(Event(httpMethod: "OPTIONS", path: "/api/v1/users/alerts"))
        #expect(response.statusCode == 204)
        #expect(response.header("Allow") == nil)
    }

    @Test("the router reports a path's methods only when no route matched")
    func router() throws {
        let router = Router(routes: [
            Route("GET", "/a/:id", errorKey: "msg", handler: EchoHandler()),
            Route("DELETE", "/a/:id", errorKey: "error", handler: EchoHandler()),
            Route("PUT", "/a/fixed", errorKey: "message", handler: EchoHandler()),
        ])
        let fixed = try #require(router.allowedMethods(path: "/A/Fixed/"))
        #expect(fixed.allow == "GET, HEAD, PUT, DELETE, OPTIONS")
        #expect(fixed.route.errorKey == "msg")
        #expect(router.allowedMethods(path: "/a/7")?.allow == "GET, HEAD, DELETE, OPTIONS")
        #expect(router.allowedMethods(path: "/a") == nil)
        #expect(router.allowedMethods(path: "/a/7/8") == nil)
    }
}

extension Route {
    /// The value ``Route/strictTransport`` sets.
    static let strictTransportValueForTests = "max-age=31536000; includeSubDomains"
}
