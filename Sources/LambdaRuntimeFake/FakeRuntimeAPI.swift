import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOFoundationCompat
import ServiceLifecycle

/// A Lambda Runtime API (2018-06-01) over real HTTP on loopback, for tests and benchmarks (never
/// linked into the server): invocations are queued by the test,
/// handed out by `next`, and the runtime's response, error and init-error calls are recorded.
public actor RuntimeAPIState {
    public struct Invocation: Sendable {
        public var requestId: String
        public var deadlineMs: Int64
        public var traceId: String?
        public var payload: ByteBuffer

        public init(requestId: String, deadlineMs: Int64, traceId: String?, payload: ByteBuffer) {
            self.requestId = requestId
            self.deadlineMs = deadlineMs
            self.traceId = traceId
            self.payload = payload
        }
    }

    /// What the runtime posted for an invocation (or at init).
    public enum Posted: Sendable, Equatable {
        case response(String)
        case error(type: String?, body: String)
    }

    private var queue: [Invocation] = []
    private var waiters: [CheckedContinuation<Invocation?, Never>] = []
    private var released = false
    private var results: [String: Posted] = [:]
    private var resultWaiters: [String: [CheckedContinuation<Posted, Never>]] = [:]
    public private(set) var initErrors: [Posted] = []
    public private(set) var nextCalls = 0
    private var initWaiters: [CheckedContinuation<Posted, Never>] = []

    public func enqueue(_ invocation: Invocation) {
        if waiters.isEmpty {
            queue.append(invocation)
        } else {
            waiters.removeFirst().resume(returning: invocation)
        }
    }

    /// The next queued invocation, waiting for one; `nil` once ``release()`` ran, so a `next` that
    /// reaches the service while it stops is answered at once instead of holding the shutdown open.
    public func next() async -> Invocation? {
        nextCalls += 1
        if !queue.isEmpty { return queue.removeFirst() }
        if released { return nil }
        return await withCheckedContinuation { waiters.append($0) }
    }

    public func post(_ id: String, _ posted: Posted) {
        results[id] = posted
        for waiter in resultWaiters.removeValue(forKey: id) ?? [] { waiter.resume(returning: posted) }
    }

    public func postInit(_ posted: Posted) {
        initErrors.append(posted)
        for waiter in initWaiters { waiter.resume(returning: posted) }
        initWaiters = []
    }

    public func result(_ id: String) async -> Posted {
        if let posted = results[id] { return posted }
        return await withCheckedContinuation { resultWaiters[id, default: []].append($0) }
    }

    /// Answers every waiting `next`, and every later one, with no invocation, so the server can stop:
    /// a graceful shutdown waits for requests in flight, and a `next` the runtime sent just before
    /// (its connection already closed by a cancelled client) would otherwise wait forever.
    public func release() {
        released = true
        for waiter in waiters { waiter.resume(returning: nil) }
        waiters = []
    }

    public func initError() async -> Posted {
        if let first = initErrors.first { return first }
        return await withCheckedContinuation { initWaiters.append($0) }
    }
}

/// The fake Runtime API, listening.
public struct FakeRuntimeAPI: Sendable {
    public let state: RuntimeAPIState
    /// `127.0.0.1:<port>`, the value of `AWS_LAMBDA_RUNTIME_API`.
    public let address: String
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    public static func start() async throws -> FakeRuntimeAPI {
        let state = RuntimeAPIState()
        var logger = Logger(label: "fake-runtime-api")
        logger.logLevel = .critical
        let router = Router()
        let base = "/2018-06-01/runtime"
        router.get("\(base)/invocation/next") { _, _ -> Response in
            // 500 is the documented "the runtime should exit" answer: the service is stopping.
            guard let invocation = await state.next() else { return Response(status: .internalServerError) }
            var headers = HTTPFields()
            headers[HTTPField.Name("Lambda-Runtime-Aws-Request-Id")!] = invocation.requestId
            headers[HTTPField.Name("Lambda-Runtime-Deadline-Ms")!] = String(invocation.deadlineMs)
            headers[HTTPField.Name("Lambda-Runtime-Invoked-Function-Arn")!] =
                "arn:aws:lambda:us-east-1:123456789012:function:recordsw-test"
            if let trace = invocation.traceId { headers[HTTPField.Name("Lambda-Runtime-Trace-Id")!] = trace }
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: invocation.payload))
        }
        router.post("\(base)/invocation/:id/response") { request, context -> Response in
            let body = try await request.body.collect(upTo: 10 << 20)
            await state.post(context.parameters.get("id") ?? "", .response(String(buffer: body)))
            return Response(status: .accepted)
        }
        router.post("\(base)/invocation/:id/error") { request, context -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let type = request.headers[HTTPField.Name("Lambda-Runtime-Function-Error-Type")!]
            await state.post(context.parameters.get("id") ?? "", .error(type: type, body: String(buffer: body)))
            return Response(status: .accepted)
        }
        router.post("\(base)/init/error") { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let type = request.headers[HTTPField.Name("Lambda-Runtime-Function-Error-Type")!]
            await state.postInit(.error(type: type, body: String(buffer: body)))
            return Response(status: .accepted)
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            try await task.value
            throw CancellationError()
        }
        return FakeRuntimeAPI(state: state, address: "127.0.0.1:\(port)", group: group, task: task)
    }

    /// Queues an invocation and waits for what the runtime posts for it.
    public func invoke(_ payload: Data, deadlineIn seconds: Double = 30, traceId: String? = nil) async
        -> RuntimeAPIState.Posted
    {
        let id = UUID().uuidString.lowercased()
        let deadline = Int64((Date().timeIntervalSince1970 + seconds) * 1000)
        await state.enqueue(
            .init(requestId: id, deadlineMs: deadline, traceId: traceId, payload: ByteBuffer(data: payload)))
        return await state.result(id)
    }

    public func stop() async {
        await state.release()
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
