import FixtureKit
import Foundation
import HandlerKit
import Logging
import RecordsApp
import RecordsCore
import Testing

/// The API description (`Sources/RecordsApp/Resources/openapi.json`) is part of the contract:
/// it must name every route of the route table and nothing else, and every response the fixtures
/// produce must have its status documented and its body valid against the described schema.
@Suite("OpenAPI description")
struct OpenAPIContractTests {
    static let document: JSONValue = (try? JSONValue.parse(APIDescription.document)) ?? .null

    /// `:name` segments of the route table as OpenAPI's `{name}`.
    static func openAPIPath(_ template: String) -> String {
        template.split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix(":") ? "{\(part.dropFirst())}" : String(part)
        }.joined(separator: "/")
    }

    static func operations() -> Set<String> {
        var found: Set<String> = []
        for path in document.objectValue?["paths"]?.objectValue?.members ?? [] {
            for method in path.value.objectValue?.keys ?? [] {
                found.insert("\(method.uppercased()) \(path.key)")
            }
        }
        return found
    }

    @Test("the document is served and describes exactly the routes of the route table")
    func routesMatch() async throws {
        #expect(Self.document.objectValue?["openapi"]?.stringValue == "3.1.0")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-openapi-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = AppFixtureHost.baseEnvironment(fixturesRoot: FixtureReplayTests.root)
        environment["SQLITE_PATH"] = folder.appendingPathComponent("store.sqlite").path
        var logger = Logger(label: "openapi")
        logger.logLevel = .critical
        let runtime = try await AppRuntime.open(config: try AppConfig(environment: environment), logger: logger)
        let routes = RouteTable.routes(runtime.dependencies)
        let served = await RouteTable.dispatcher(runtime.dependencies, logger: logger).dispatch(
            Event(httpMethod: "GET", path: "/api/v1/openapi.json"))
        await runtime.close()

        #expect(served.statusCode == 200)
        #expect(served.body == APIDescription.document)
        let table = Set(routes.map { "\($0.method) \(Self.openAPIPath($0.template))" })
        let described = Self.operations()
        #expect(table.subtracting(described).sorted() == [], "routes missing from the description")
        #expect(described.subtracting(table).sorted() == [], "described operations that no route serves")
    }

    /// Why the responses of one replayed fixture contradict the description: an undocumented
    /// status, or a JSON body that does not validate. `FixtureReplayTests` calls this for every
    /// fixture it replays, so the fixtures are checked against the description without a second run.
    static func problems(in report: FixtureReport) -> [String] {
        var found: [String] = []
        for step in report.steps {
            guard let event = step.event, let response = step.response else { continue }
            // Preflights and unknown paths are answered before routing; nothing to describe.
            guard event.httpMethod.uppercased() != "OPTIONS",
                let match = describedRouter.match(method: event.httpMethod, path: event.path)
            else { continue }
            let label = "\(report.name) :: \(step.name)"
            let path = openAPIPath(match.route.template)
            let operation = document.objectValue?["paths"]?.objectValue?[path]?
                .objectValue?[match.route.method.lowercased()]?.objectValue
            guard let described = operation?["responses"]?.objectValue?[String(response.statusCode)] else {
                found.append(
                    "\(label): status \(response.statusCode) of \(match.route.method) \(path) is not documented")
                continue
            }
            // A non-empty body's media type must be one the description lists for that status; only a
            // JSON body is validated against a schema (the preference pages answer HTML and plain text).
            let content = described.objectValue?["content"]?.objectValue
            let mediaType =
                response.header("Content-Type")?.split(separator: ";").first.map {
                    $0.trimmingCharacters(in: .whitespaces).lowercased()
                } ?? ""
            if let content, let text = response.body, !text.isEmpty, content[mediaType] == nil {
                found.append("\(label): \(mediaType) is not described for status \(response.statusCode)")
                continue
            }
            let schema = content?["application/json"]?.objectValue?["schema"]
            guard let schema, mediaType == "application/json", let text = response.body, !text.isEmpty,
                event.httpMethod.uppercased() != "HEAD"
            else {
                continue
            }
            guard let body = try? JSONValue.parse(text) else {
                found.append("\(label): the body is not JSON although the description says it is")
                continue
            }
            found += SchemaCheck(document: document).problems(body, schema).map { "\(label): \($0)" }
        }
        return found
    }

    static let describedRouter = Router(routes: describedRoutes())

    /// One route per described operation, templated as the document writes it, to find which
    /// operation a fixture's request reached.
    static func describedRoutes() -> [Route] {
        operations().sorted().map { operation in
            let parts = operation.split(separator: " ", maxSplits: 1).map(String.init)
            let template = parts[1].split(separator: "/", omittingEmptySubsequences: false).map { part in
                part.hasPrefix("{") ? ":\(part.dropFirst().dropLast())" : String(part)
            }.joined(separator: "/")
            return Route(parts[0], template, handler: DescribedOperation())
        }
    }

    /// Routes of ``describedRoutes()`` are only matched, never dispatched.
    struct DescribedOperation: Handler {
        func handle(_ event: Event, context: HandlerContext) async throws -> Response { .json(200, JSONValue.null) }
    }
}
