import RecordsCore

/// `GET /`: a small page that names the server, its version and where its documentation is, so a
/// browser pointed at the API's origin learns what answers there instead of `{"error":"Not found"}`.
///
/// With `FRONTEND_DIR` set the HTTP adapter serves the frontend's `index.html` for `/` instead and
/// this page is never reached there.
public struct HomePageHandler: Handler {
    /// Only inline style may apply; nothing loads, nothing frames the page.
    public static let headers: [String: String] = [
        "Content-Security-Policy":
            "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
        "Cache-Control": "no-cache",
    ]

    private let page: String

    /// - Parameter version: The build's version, shown on the page.
    public init(version: String) {
        page = Self.render(version: SafeText.html(version))
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        Response(statusCode: 200, headers: ["Content-Type": "text/html; charset=utf-8"], body: page)
    }

    private static func render(version: String) -> String {
        """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>recordsw \(version)</title>
        <style>
        body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; color: #1d2128; }
        code { background: #eef1f4; padding: 0 .25rem; border-radius: 3px; }
        @media (prefers-color-scheme: dark) { body { background: #15181c; color: #e6e8eb; } code { background: #262b31; } a { color: #8cc4ff; } }
        </style>
        </head>
        <body>
        <main>
        <h1>recordsw</h1>
        <p>The Trackmania record-watcher server, version <code>\(version)</code>. This origin serves its API;
        the site's pages are served here when <code>FRONTEND_DIR</code> points at a built frontend.</p>
        <ul>
        <li><a href="/api/v1/openapi.json">API description</a> (OpenAPI 3.1)</li>
        <li><a href="/health">Health</a> and <a href="/health/ready">readiness</a></li>
        </ul>
        <p>Documentation: the <code>README.md</code> and <code>docs/</code> folder of the source
        (set-up, configuration, deployment, the frontend).</p>
        </main>
        </body>
        </html>

        """
    }
}
