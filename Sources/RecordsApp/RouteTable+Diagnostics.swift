import HandlerKit

extension RouteTable {
    /// The admin page's "is the API reachable" and "does sign-in work" buttons (R33–R36), which read
    /// `message` as the original answered it.
    static func diagnostics(_ deps: AppDependencies) -> [Route] {
        [
            Route("GET", "/api/v1/test", errorKey: "message", handler: TestHandler()),
            Route("POST", "/api/v1/test", errorKey: "message", handler: TestHandler()),
            Route(
                "GET", "/api/v1/test-advanced", errorKey: "message", auth: TestAdvancedHandler.authentication,
                handler: TestAdvancedHandler()),
            Route(
                "POST", "/api/v1/test-advanced", errorKey: "message", auth: TestAdvancedHandler.authentication,
                handler: TestAdvancedHandler()),
        ]
    }
}
