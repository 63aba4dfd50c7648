import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Fake Discord (execute webhook) and ntfy (JSON publish) services over real HTTP, recording what
/// arrives and answering as programmed in ``FakePushState``.
///
/// Discord lives under `/discord/api` (set `DISCORD_API_URL` to `<baseURL>/discord/api`), ntfy under
/// `/ntfy` (`NTFY_URL`), and the control API under `/_fake`.
public enum FakePushServer {
    /// The application, for running it as a service (the `fake-push` executable).
    public static func makeApplication(
        state: FakePushState, host: String = "127.0.0.1", port: Int = 0, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        FakePushRoutes(state: state).register(on: router)
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// Starts the fakes in-process and returns once they listen.
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, logger: Logger = Logger(label: "fake-push")
    ) async throws -> RunningFakePush {
        let state = FakePushState()
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = makeApplication(state: state, host: host, port: port, logger: logger) { continuation.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            try await task.value
            throw FakePushStartError()
        }
        return RunningFakePush(baseURL: "http://\(host):\(bound)", state: state, group: group, task: task)
    }
}

/// The fakes could not start listening.
public struct FakePushStartError: Error, Sendable {}

/// The fakes running in this process.
public struct RunningFakePush: Sendable {
    /// `http://127.0.0.1:<port>`.
    public let baseURL: String
    public let state: FakePushState
    let group: ServiceGroup
    let task: Task<Void, any Error>

    /// The value for `DISCORD_API_URL`.
    public var discordAPIURL: String { baseURL + "/discord/api" }
    /// The value for `NTFY_URL`.
    public var ntfyURL: String { baseURL + "/ntfy" }

    /// Stops the server and waits for it.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}

struct FakePushRoutes: Sendable {
    let state: FakePushState

    func register(on router: Router<BasicRequestContext>) {
        router.post("/discord/api/webhooks/:id/:token") { request, context in
            let id = context.parameters.get("id") ?? ""
            let token = context.parameters.get("token")
            let body = try await Self.body(request)
            return try await discord(id: id, token: token, query: request.uri.query, body: body)
        }
        router.post("/ntfy") { request, _ in try await ntfy(request) }
        router.get("/_fake/stats") { _, _ in Self.json(try JSONEncoder().encode(await state.stats)) }
        router.get("/_fake/requests") { _, _ in Self.json(try JSONEncoder().encode(await state.requests)) }
        router.post("/_fake/reset") { _, _ in
            await state.reset()
            return Response(status: .noContent)
        }
        router.post("/_fake/latency") { request, _ in
            let seconds = Double(request.uri.queryParameters.get("seconds") ?? "") ?? 0
            await state.setLatency(seconds)
            return Response(status: .noContent)
        }
        router.post("/_fake/keep-bodies") { request, _ in
            await state.setKeepBodies(request.uri.queryParameters.get("on") != "0")
            return Response(status: .noContent)
        }
        router.post("/_fake/program/:key") { request, context in
            let key = context.parameters.get("key") ?? ""
            let answers = try JSONDecoder().decode([FakePushAnswer].self, from: try await Self.body(request))
            await state.program(key, answers)
            return Response(status: .noContent)
        }
    }

    private func discord(id: String, token: String?, query: String?, body: Data) async throws -> Response {
        if let early = try await programmed(id, service: .discord) { return early.response(service: .discord) }
        let (refusal, units) = DiscordValidation.check(body)
        let status = refusal == nil ? (query?.contains("wait=true") == true ? 200 : 204) : 400
        await state.record(
            FakePushRequest(
                service: .discord, key: id, token: token, query: query, body: String(decoding: body, as: UTF8.self),
                status: status, refusal: refusal),
            units: units)
        if let refusal {
            let object: [String: Any] = ["code": 50035, "message": "Invalid Form Body", "errors": ["detail": refusal]]
            return Self.json(try JSONSerialization.data(withJSONObject: object), status: .badRequest)
        }
        var headers: HTTPFields = [:]
        headers[HTTPField.Name("X-RateLimit-Limit")!] = "5"
        headers[HTTPField.Name("X-RateLimit-Remaining")!] = "4"
        headers[HTTPField.Name("X-RateLimit-Reset-After")!] = "0.4"
        guard status == 200 else { return Response(status: .noContent, headers: headers) }
        var response = Self.json(Data(#"{"id":"\#(UInt64.random(in: 1...UInt64.max))","type":0}"#.utf8))
        for field in headers { response.headers.append(field) }
        return response
    }

    private func ntfy(_ request: Request) async throws -> Response {
        let body = try await Self.body(request)
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let topic = object["topic"] as? String, !topic.isEmpty
        else {
            return Self.json(Data(#"{"code":40001,"http":400,"error":"invalid request"}"#.utf8), status: .badRequest)
        }
        if let early = try await programmed(topic, service: .ntfy) { return early.response(service: .ntfy) }
        let authorization = request.headers[.authorization]
        let token = authorization.flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
        var status = 200
        var refusal: String?
        if let required = await state.requiredToken(topic: topic), required != token {
            status = token == nil ? 401 : 403
            refusal = "access token required"
        }
        let message = object["message"] as? String ?? ""
        if refusal == nil && message.utf8.count > 4096 {
            status = 413
            refusal = "message over 4096 bytes"
        }
        let units = message.components(separatedBy: "\n\n")
        await state.record(
            FakePushRequest(
                service: .ntfy, key: topic, token: token, query: nil, body: String(decoding: body, as: UTF8.self),
                status: status, refusal: refusal),
            units: refusal == nil ? units : [])
        if refusal != nil {
            return Self.json(
                Data(#"{"code":\#(status)01,"http":\#(status),"error":"refused"}"#.utf8),
                status: .init(code: status))
        }
        return Self.json(Data(#"{"id":"fake","event":"message","topic":"\#(topic)"}"#.utf8))
    }

    /// Applies a programmed or slow answer: `nil` means answer normally.
    private func programmed(_ key: String, service: FakePushRequest.Service) async throws -> Early? {
        let latency = await state.latency
        if latency > 0 { try await Task.sleep(for: .seconds(latency)) }
        switch await state.nextAnswer(key) {
        case .slow(let seconds)?:
            try await Task.sleep(for: .seconds(seconds))
            return nil
        case .rateLimited(let retryAfter)?:
            await state.record(
                FakePushRequest(
                    service: service, key: key, token: nil, query: nil, body: "", status: 429, refusal: "rate limited"),
                units: [])
            return Early(status: 429, retryAfter: retryAfter)
        case .status(let code)?:
            await state.record(
                FakePushRequest(
                    service: service, key: key, token: nil, query: nil, body: "", status: code, refusal: "programmed"),
                units: [])
            return Early(status: code, retryAfter: nil)
        case nil:
            return nil
        }
    }

    struct Early {
        var status: Int
        var retryAfter: Double?

        func response(service: FakePushRequest.Service) -> Response {
            var headers: HTTPFields = [.contentType: "application/json"]
            let body: String
            if let retryAfter {
                headers[.retryAfter] = String(Int(retryAfter.rounded(.up)))
                headers[HTTPField.Name("X-RateLimit-Remaining")!] = "0"
                headers[HTTPField.Name("X-RateLimit-Reset-After")!] = String(retryAfter)
                body = #"{"message":"You are being rate limited.","retry_after":\#(retryAfter),"global":false}"#
            } else {
                body = #"{"message":"programmed answer","code":0}"#
            }
            return Response(
                status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }

    static func body(_ request: Request) async throws -> Data {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        return Data(buffer.readableBytesView)
    }

    static func json(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
