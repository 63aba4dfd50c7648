import HandlerKit
import Testing

struct NoopHandler: Handler {
    func handle(_ event: Event, context: HandlerContext) async throws -> Response { .json(200, ["ok": true]) }
}

@Suite("Router")
struct RouterTests {
    let router = Router(routes: [
        Route("GET", "/api/v1/users/alerts", handler: NoopHandler()),
        Route("DELETE", "/api/v1/users/alerts/:id", handler: NoopHandler()),
        Route("GET", "/api/v1/users/maps/status/:jobId", handler: NoopHandler()),
    ])

    @Test(
        "matches Express-style paths",
        arguments: [
            ("GET", "/api/v1/users/alerts", "/api/v1/users/alerts"),
            ("GET", "/API/V1/USERS/ALERTS/", "/api/v1/users/alerts"),
            ("HEAD", "/api/v1/users/alerts", "/api/v1/users/alerts"),
            ("delete", "/api/v1/users/alerts/12", "/api/v1/users/alerts/:id"),
        ])
    func matches(method: String, path: String, template: String) {
        #expect(router.match(method: method, path: path)?.route.template == template)
    }

    @Test(
        "refuses what Express would 404",
        arguments: [
            ("POST", "/api/v1/users/alerts"),
            ("GET", "/api/v1/users//alerts"),
            ("DELETE", "/api/v1/users/alerts/"),
            ("DELETE", "/api/v1/users/alerts/1/2"),
            ("GET", "/api/v1/users/alerts//"),
        ])
    func refuses(method: String, path: String) {
        #expect(router.match(method: method, path: path) == nil)
    }

    @Test("captures raw parameters and decodes them separately")
    func parameters() throws {
        let match = try #require(router.match(method: "GET", path: "/api/v1/users/maps/status/a%20b"))
        #expect(match.rawParameters == ["jobId": "a%20b"])
        #expect(Router.decodeParameter("a%20b") == "a b")
        #expect(Router.decodeParameter("%zz") == nil)
        #expect(Router.decodeParameter("a%2Fb") == nil)
        #expect(Router.decodeParameter("a%00") == nil)
    }
}
