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

/// A built app on disk: a page, a hashed script, a plain file, a hidden file, a folder without a
/// page, and a link that points out of the root.
struct BuiltApp {
    let root: URL
    let outside: URL

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("site-\(UUID().uuidString)")
        root = base.appendingPathComponent("dist")
        outside = base.appendingPathComponent("secret")
        let files = [
            "index.html": "<!doctype html><title>app</title>",
            "assets/index-BfX3k9aQ.js": "console.log('app')",
            "favicon.ico": "icon",
            ".env": "JWT_SECRET=leak",
            "docs/readme.txt": "notes",
        ]
        for (name, text) in files {
            let url = root.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("outside".utf8).write(to: outside.appendingPathComponent("passwd"))
        try FileManager.default.createSymbolicLink(
            at: root.appendingPathComponent("escape"), withDestinationURL: outside)
    }

    func remove() { try? FileManager.default.removeItem(at: root.deletingLastPathComponent()) }
}

@Suite("Static site (FRONTEND_DIR)")
struct StaticSiteTests {
    func app(_ built: BuiltApp) throws -> some ApplicationProtocol {
        let dispatcher = Dispatcher(
            routes: [Route("GET", "/echo/:id", errorKey: "error", handler: EventEcho())],
            policy: HTTPPolicy(), authenticator: nil, clock: SystemClock(), logger: Logger(label: "test"))
        let site = try StaticSite(directory: built.root.path, reservedFirstSegments: ["echo", "health"])
        return HTTPServer.makeApplication(
            dispatcher: dispatcher, host: "127.0.0.1", port: 0, trustedProxyHops: 1, site: site,
            logger: Logger(label: "test"))
    }

    @Test("pages, deep links, hashed and plain files get their types and caching")
    func serving() async throws {
        let built = try BuiltApp()
        defer { built.remove() }
        try await app(built).test(.live) { client in
            for path in ["/", "/dashboard/maps", "/assets/", "/docs", "/Index.HTML/x"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    #expect(String(buffer: response.body).contains("<title>app</title>"), "\(path)")
                    #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                    #expect(response.headers[.cacheControl] == "no-cache")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                    #expect(response.headers[.contentSecurityPolicy] == nil)
                }
            }
            try await client.execute(uri: "/assets/index-BfX3k9aQ.js", method: .get) { response in
                #expect(String(buffer: response.body) == "console.log('app')")
                #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
            }
            try await client.execute(uri: "/favicon.ico", method: .get) { response in
                #expect(response.headers[.contentType] == "image/x-icon")
                #expect(response.headers[.cacheControl] == "public, max-age=3600")
            }
            try await client.execute(uri: "/docs/readme.txt", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentLength] == "5")
                #expect(response.body.readableBytes == 0)
            }
        }
    }

    @Test("a validator that still matches is 304 without a body")
    func revalidation() async throws {
        let built = try BuiltApp()
        defer { built.remove() }
        try await app(built).test(.live) { client in
            let tag = try await client.execute(uri: "/", method: .get) { $0.headers[.eTag] }
            #expect(tag != nil)
            try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: "\"x\", \(tag ?? "")"]) {
                #expect($0.status == .notModified)
                #expect($0.body.readableBytes == 0)
            }
            try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: "\"other\""]) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test("missing assets, hidden files, traversal and links out of the root are 404")
    func refusals() async throws {
        let built = try BuiltApp()
        defer { built.remove() }
        try await app(built).test(.live) { client in
            for path in ["/assets/gone.js", "/.env", "/assets/%2e%2e/.env", "/escape/passwd", "/docs/%2Fpasswd"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(!String(buffer: response.body).contains("leak"))
                    #expect(!String(buffer: response.body).contains("outside"))
                }
            }
        }
        // Raw request lines, so no client tidies the dots away first.
        let running = try app(built)
        try await running.test(.live) { client in
            for path in ["/../secret/passwd", "/assets/../../secret/passwd", "/%2e%2e/%2e%2e/etc/passwd"] {
                let answer = try await RawSocket.request(port: client.port ?? 0, path: path) ?? ""
                #expect(answer.hasPrefix("HTTP/1.1 404") || answer.hasPrefix("HTTP/1.1 400"), "\(path): \(answer)")
                #expect(!answer.contains("outside"), "\(path)")
                #expect(!answer.contains("root:"), "\(path)")
            }
        }
    }

    @Test("the API's paths and other methods still reach the dispatcher")
    func apiUntouched() async throws {
        let built = try BuiltApp()
        defer { built.remove() }
        try await app(built).test(.live) { client in
            try await client.execute(uri: "/echo/7", method: .get) { response in
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
            for path in ["/api/v1/nothing", "/API/x", "/health/unknown"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .notFound, "\(path)")
                    #expect(String(buffer: response.body) == #"{"error":"Not found"}"#, "\(path)")
                }
            }
            try await client.execute(uri: "/", method: .post) { response in
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
    }

    @Test("a folder that is missing or holds no index.html is refused at start-up")
    func invalidFolders() throws {
        let built = try BuiltApp()
        defer { built.remove() }
        #expect(throws: StaticSite.Invalid.self) {
            try StaticSite(directory: built.root.appendingPathComponent("nope").path, reservedFirstSegments: [])
        }
        #expect(throws: StaticSite.Invalid.self) {
            try StaticSite(directory: built.root.appendingPathComponent("docs").path, reservedFirstSegments: [])
        }
        #expect(throws: StaticSite.Invalid.self) {
            try StaticSite(directory: built.root.appendingPathComponent("favicon.ico").path, reservedFirstSegments: [])
        }
    }

    @Test(
        "file names are classified by type and hash",
        arguments: [
            ("index.html", StaticAsset.document),
            ("index-BfX3k9aQ.js", .hashed(mediaType: "text/javascript; charset=utf-8")),
            ("main.3f2a9c1e.css", .hashed(mediaType: "text/css; charset=utf-8")),
            ("logo-monogram.svg", .plain(mediaType: "image/svg+xml")),
            ("robots.txt", .plain(mediaType: "text/plain; charset=utf-8")),
            ("archive.bin", .plain(mediaType: "application/octet-stream")),
            ("LICENSE", .plain(mediaType: "application/octet-stream")),
        ])
    func classification(name: String, expected: StaticAsset) {
        #expect(StaticAsset(fileName: name) == expected)
    }
}

@Suite("Static site: the built test app")
struct BuiltTestAppTests {
    @Test("the bundled test build is served with its hashed assets, as Chromium gets it")
    func bundledBuild() async throws {
        let folder = try #require(Bundle.module.url(forResource: "BuiltApp", withExtension: nil))
        let dispatcher = Dispatcher(
            routes: [Route("GET", "/health", errorKey: "error", handler: EventEcho())],
            policy: HTTPPolicy(), authenticator: nil, clock: SystemClock(), logger: Logger(label: "test"))
        let site = try StaticSite(directory: folder.path, reservedFirstSegments: ["health"])
        let app = HTTPServer.makeApplication(
            dispatcher: dispatcher, host: "127.0.0.1", port: 0, trustedProxyHops: 1, site: site,
            logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let page = try await client.execute(uri: "/alerts/Hefest", method: .get) { String(buffer: $0.body) }
            #expect(page.contains("/assets/index-D8k2Lq9x.js"))
            try await client.execute(uri: "/assets/index-D8k2Lq9x.js", method: .get) { response in
                #expect(String(buffer: response.body).contains("fetch(\"/health\")"))
                #expect(response.headers[.cacheControl] == "public, max-age=31536000, immutable")
            }
            try await client.execute(uri: "/favicon.svg", method: .get) {
                #expect($0.headers[.contentType] == "image/svg+xml")
            }
            try await client.execute(uri: "/health", method: .get) {
                #expect($0.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
    }
}
