import HandlerKit

extension RouteTable {
    /// `GET /`: what answers at this origin (with `FRONTEND_DIR` the frontend's `index.html` does instead).
    static func home(_ deps: AppDependencies) -> [Route] {
        [Route("GET", "/", headers: HomePageHandler.headers, handler: HomePageHandler(version: BuildInfo.version))]
    }
}
