import AsyncHTTPClient
import Foundation
import LambdaRuntime
import LambdaRuntimeFake
import Logging
import NIOCore
import Synchronization
import Testing

/// The runtime loop against the fake Runtime API over real HTTP, with a scripted handler: answers,
/// handler errors, missed and expired deadlines reach the API as the documented calls, and the loop
/// keeps serving after each.
@Suite("Runtime loop")
struct RuntimeLoopTests {
    /// Set when the stalled handler finally returns (only the missed-deadline test stalls).
    static let stallReturned = Mutex(false)

    struct Boom: Error {}
    struct Named: LambdaReportableError {
        var errorType: String { "Recordsw.Named" }
        var errorMessage: String { "a named failure" }
    }

    /// Echoes, fails or stalls as the payload says.
    struct Scripted: LambdaHandler {
        func handle(_ payload: ByteBuffer, context: LambdaContext) async throws -> ByteBuffer {
            switch String(buffer: payload) {
            case "throw": throw Boom()
            case "named": throw Named()
            case "stall":
                // Ignores cancellation for a while, as a handler waiting on a library call would (without
                // blocking one of the few cooperative threads).
                await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                    DispatchQueue.global().asyncAfter(deadline: .now() + 25) { done.resume() }
                }
                RuntimeLoopTests.stallReturned.withLock { $0 = true }
                return ByteBuffer(string: "late")
            case "trace":
                // (`_X_AMZN_TRACE_ID` is process-wide; other suites' loops run in parallel, so it is not read here.)
                return ByteBuffer(string: "\(context.traceId ?? "-")|\(context.requestId.isEmpty ? "" : "id")")
            default: return payload
            }
        }
    }

    static func withLoop(_ body: (FakeRuntimeAPI) async throws -> Void) async throws {
        let api = try await FakeRuntimeAPI.start()
        var logger = Logger(label: "loop-test")
        logger.logLevel = .critical
        let loop = RuntimeLoop(
            client: RuntimeAPIClient(address: api.address, httpClient: .shared), logger: logger,
            safetyMargin: .milliseconds(200))
        let task = Task { try await loop.run(handler: Scripted()) }
        do {
            try await body(api)
        } catch {
            task.cancel()
            await api.stop()
            throw error
        }
        task.cancel()
        await api.stop()
        _ = await task.result
    }

    static func errorDocument(_ posted: RuntimeAPIState.Posted) throws -> (type: String?, body: [String: Any]) {
        guard case .error(let type, let body) = posted else {
            Issue.record("expected an error call, got \(posted)")
            return (nil, [:])
        }
        let document = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] ?? [:]
        return (type, document)
    }

    @Test("a response is posted to /response")
    func responds() async throws {
        try await Self.withLoop { api in
            #expect(await api.invoke(Data("hello".utf8)) == .response("hello"))
        }
    }

    @Test("a handler error is the error call with its type; the next invocation is served")
    func handlerError() async throws {
        try await Self.withLoop { api in
            let (type, document) = try Self.errorDocument(await api.invoke(Data("throw".utf8)))
            #expect(type == "Function.Boom")
            #expect(document["errorType"] as? String == "Function.Boom")
            #expect(document["errorMessage"] as? String != nil)
            #expect(document["stackTrace"] as? [Any] != nil)
            let named = try Self.errorDocument(await api.invoke(Data("named".utf8)))
            #expect(named.type == "Recordsw.Named")
            #expect(named.body["errorMessage"] as? String == "a named failure")
            #expect(await api.invoke(Data("after".utf8)) == .response("after"))
        }
    }

    @Test("a missed deadline is answered before the stalled handler returns; the loop goes on")
    func missedDeadline() async throws {
        try await Self.withLoop { api in
            let start = Date()
            let (type, document) = try Self.errorDocument(await api.invoke(Data("stall".utf8), deadlineIn: 6))
            #expect(type == "Runtime.DeadlineExceeded")
            #expect((document["errorMessage"] as? String)?.contains("did not finish") == true)
            // The error call went out at the deadline's margin, before the handler finally returned
            // (25 s in; ordered by a flag, not timed).
            #expect(!Self.stallReturned.withLock { $0 })
            #expect(Date().timeIntervalSince(start) >= 5)
            #expect(await api.invoke(Data("after".utf8)) == .response("after"))
        }
    }

    @Test("an invocation whose deadline already passed is refused with the error call")
    func expiredDeadline() async throws {
        try await Self.withLoop { api in
            let (type, _) = try Self.errorDocument(await api.invoke(Data("hello".utf8), deadlineIn: -5))
            #expect(type == "Runtime.DeadlineExceeded")
            #expect(await api.invoke(Data("after".utf8)) == .response("after"))
        }
    }

    @Test("the trace id and the request id reach the handler")
    func traceId() async throws {
        try await Self.withLoop { api in
            let trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
            #expect(await api.invoke(Data("trace".utf8), traceId: trace) == .response("\(trace)|id"))
        }
    }

    @Test(
        "a next that reaches a stopping service is answered with 500, and the service stops",
        .timeLimit(.minutes(1)))
    func nextWhileStopping() async throws {
        // The race behind a once-hanging suite: the runtime sends `next`, is cancelled, and the
        // service is released before the request arrives. A graceful shutdown waits for requests in
        // flight, so that `next` must be answered, not parked.
        let api = try await FakeRuntimeAPI.start()
        await api.state.release()
        let client = RuntimeAPIClient(address: api.address, httpClient: .shared)
        await #expect(throws: RuntimeAPIClient.ProtocolError.self) { _ = try await client.next() }
        await api.stop()
    }
}
