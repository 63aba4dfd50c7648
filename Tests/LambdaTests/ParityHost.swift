import AsyncHTTPClient
import Foundation
import HTTPAdapter
import HandlerKit
import Hummingbird
import LambdaRuntime
import LambdaRuntimeFake
import Logging
import NIOCore
import NIOFoundationCompat
import PushTestServers
import RecordsApp
import RecordsLambda
import ServiceLifecycle

@testable import FixtureKit

/// One fixture file's application (as ``AppFixtureHost`` builds it), reached one of three ways: as a
/// real HTTP request through the HTTP adapter, or as an API Gateway v1 or v2 event through the fake
/// Runtime API, the runtime loop and ``RecordsFunction``.
final class ParityHost: FixtureHost, @unchecked Sendable {
    enum Path: String, Sendable, CaseIterable { case http, v1, v2 }

    let path: Path
    private let runtime: AppRuntime
    private let push: RunningFakePush
    private let folder: URL
    let variables: [String: String]
    private var server: (group: ServiceGroup, task: Task<Void, any Error>, port: Int)?
    private var lambda: (api: FakeRuntimeAPI, loop: Task<Void, any Error>)?

    /// A client that does not follow redirects: the fixture checks the `303` itself.
    static let client = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    static func factory(_ path: Path, root: URL, logger: Logger) -> FixtureHostFactory {
        { setup in try await ParityHost(setup: setup, path: path, root: root, logger: logger) }
    }

    init(setup: Fixture.Setup, path: Path, root: URL, logger: Logger) async throws {
        self.path = path
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-parity-\(UUID().uuidString)")
        var environment = AppFixtureHost.baseEnvironment(fixturesRoot: root)
        environment["SQLITE_PATH"] = folder.appendingPathComponent("store.sqlite").path
        push = try await FakePushServer.start(logger: logger)
        environment["DISCORD_API_URL"] = push.discordAPIURL
        environment["NTFY_URL"] = push.ntfyURL
        environment.merge(setup.environment) { _, fixture in fixture }
        let config = try AppConfig(environment: environment)
        runtime = try await AppRuntime.open(config: config, logger: logger)
        _ = try await runtime.database.migrate(logger: logger)
        let users = try await AppFixtureHost.seed(setup, into: runtime.dependencies)
        variables = try await AppFixtureHost.preferenceTokens(users, deps: runtime.dependencies)
        switch path {
        case .http:
            let dispatcher = RouteTable.dispatcher(runtime.dependencies, logger: logger)
            let (ports, continuation) = AsyncStream<Int>.makeStream()
            let app = HTTPServer.makeApplication(
                dispatcher: dispatcher, host: "127.0.0.1", port: 0, trustedProxyHops: config.trustedProxyHops,
                trustedProxies: config.security.trustedProxies, limits: config.security.connectionLimits,
                logger: logger, onServerRunning: { continuation.yield($0) })
            let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
            let task = Task { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            server = (group, task, await iterator.next() ?? 0)
        case .v1, .v2:
            let api = try await FakeRuntimeAPI.start()
            let function = LambdaApp.makeFunction(runtime: runtime, config: config, logger: logger)
            let loop = RuntimeLoop(
                client: RuntimeAPIClient(address: api.address, httpClient: .shared), logger: logger)
            lambda = (api, Task { try await loop.run(handler: function) })
        }
    }

    func dispatch(_ event: Event) async -> HandlerKit.Response {
        do {
            switch path {
            case .http: return try await overHTTP(event)
            case .v1: return try await overLambda(LambdaEnvelopes.v1(event), decode: LambdaEnvelopes.decodeV1)
            case .v2: return try await overLambda(LambdaEnvelopes.v2(event), decode: LambdaEnvelopes.decodeV2)
            }
        } catch {
            return HandlerKit.Response(statusCode: 599, body: "transport: \(error)")
        }
    }

    private func overLambda(_ envelope: Data, decode: (String) throws -> HandlerKit.Response) async throws
        -> HandlerKit.Response
    {
        guard let lambda else { throw CancellationError() }
        switch await lambda.api.invoke(envelope) {
        case .response(let body): return try decode(body)
        case .error(let type, let body): return HandlerKit.Response(statusCode: 598, body: "\(type ?? ""): \(body)")
        }
    }

    private func overHTTP(_ event: Event) async throws -> HandlerKit.Response {
        guard let server else { throw CancellationError() }
        var url = "http://127.0.0.1:\(server.port)\(event.path)"
        let query = LambdaEnvelopes.rawQuery(event)
        if !query.isEmpty { url += "?" + query }
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: event.httpMethod)
        for (name, value) in event.headers where event.multiValueHeaders[name] == nil {
            request.headers.add(name: name, value: value)
        }
        for (name, values) in event.multiValueHeaders {
            for value in values { request.headers.add(name: name, value: value) }
        }
        // The client address a trusted proxy (loopback) reports, as the fixture's request context says.
        if let ip = event.requestContext.identity.sourceIp, request.headers["X-Forwarded-For"].isEmpty {
            request.headers.add(name: "X-Forwarded-For", value: ip)
        }
        if let data = event.bodyData { request.body = .bytes(ByteBuffer(data: data)) }
        let response = try await Self.client.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 20 << 20)
        var headers: [String: String] = [:]
        var multi: [String: [String]] = [:]
        for header in response.headers {
            if let previous = headers[header.name] {
                headers[header.name] = "\(previous), \(header.value)"
                multi[header.name, default: [previous]].append(header.value)
            } else {
                headers[header.name] = header.value
            }
        }
        return HandlerKit.Response(
            statusCode: Int(response.status.code), headers: headers, multiValueHeaders: multi.isEmpty ? nil : multi,
            body: body.readableBytes == 0 ? nil : String(buffer: body))
    }

    func settle() async {
        await runtime.dependencies.watching.settle()
    }

    func shutdown() async throws {
        if let server {
            await server.group.triggerGracefulShutdown()
            _ = await server.task.result
        }
        if let lambda {
            lambda.loop.cancel()
            await lambda.api.stop()
            _ = await lambda.loop.result
        }
        await runtime.close()
        await push.stop()
        try? FileManager.default.removeItem(at: folder)
    }
}
