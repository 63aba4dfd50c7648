import Foundation
import Logging
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The runtime's loop: take the next invocation, run the handler within its deadline, post the
/// answer or the error, and go on. No invocation's failure ends the loop; only the Runtime API
/// refusing to talk (or the task being cancelled) does.
public struct RuntimeLoop: Sendable {
    public let client: RuntimeAPIClient
    public let logger: Logger
    /// Time kept back before the deadline: a handler still running then is cancelled, and the error
    /// call is made while the service still listens.
    public let safetyMargin: Duration

    /// How one invocation ended.
    public enum Outcome: Sendable, Equatable {
        case responded
        /// The error call was made with this type.
        case failed(errorType: String)
    }

    public init(client: RuntimeAPIClient, logger: Logger, safetyMargin: Duration = .milliseconds(250)) {
        self.client = client
        self.logger = logger
        self.safetyMargin = safetyMargin
    }

    /// Serves invocations until the task is cancelled or `limit` invocations were answered.
    /// - Throws: When `next` or a result post fails: the Runtime API is gone, so the process should end.
    public func run(handler: some LambdaHandler, limit: Int? = nil) async throws {
        var served = 0
        while !Task.isCancelled, limit.map({ served < $0 }) ?? true {
            let invocation = try await client.next()
            _ = try await serve(invocation, handler: handler)
            served += 1
        }
    }

    /// Runs one invocation and makes its result or error call.
    public func serve(_ invocation: RuntimeAPIClient.Invocation, handler: some LambdaHandler) async throws -> Outcome {
        var logger = self.logger
        logger[metadataKey: "aws-request-id"] = .string(invocation.requestId)
        if let trace = invocation.traceId {
            logger[metadataKey: "trace-id"] = .string(trace)
            // The documented hand-over of the trace header to code in the function (AWS SDKs read it).
            setenv("_X_AMZN_TRACE_ID", trace, 1)
        } else {
            unsetenv("_X_AMZN_TRACE_ID")
        }
        let context = LambdaContext(
            requestId: invocation.requestId, deadline: invocation.deadline,
            invokedFunctionArn: invocation.invokedFunctionArn, traceId: invocation.traceId, logger: logger)
        let budget = context.remaining() - safetyMargin
        var result: Result<ByteBuffer, any Error> = .failure(RuntimeError.deadlineExpired())
        var cancelled: Task<ByteBuffer, any Error>?
        if budget > .zero {
            (result, cancelled) = await Self.run(handler, invocation.payload, context: context, within: budget)
        }
        switch result {
        case .success(let payload):
            try await client.respond(requestId: invocation.requestId, payload: payload)
            return .responded
        case .failure(let error):
            let (type, message) = Self.describe(error)
            logger.error("invocation failed", metadata: ["error-type": .string(type)])
            try await client.reportError(requestId: invocation.requestId, type: type, message: message)
            // The cancelled handler winds down before the next invocation is taken.
            _ = await cancelled?.result
            return .failed(errorType: type)
        }
    }

    /// Runs the handler, cancelling it when `budget` runs out. A timeout is answered at once with
    /// the cancelled work handed back, so the caller posts the error call first and then waits for the
    /// work to wind down before taking the next invocation (two never overlap).
    static func run(
        _ handler: some LambdaHandler, _ payload: ByteBuffer, context: LambdaContext, within budget: Duration
    ) async -> (result: Result<ByteBuffer, any Error>, cancelled: Task<ByteBuffer, any Error>?) {
        let work = Task { try await handler.handle(payload, context: context) }
        let (stream, continuation) = AsyncStream<Result<ByteBuffer, any Error>?>.makeStream()
        let waiter = Task { continuation.yield(await work.result) }
        let timer = Task {
            try? await Task.sleep(for: budget)
            continuation.yield(nil)
        }
        var first: Result<ByteBuffer, any Error>? = nil
        for await value in stream {
            first = value
            break
        }
        timer.cancel()
        if let first {
            return (first, nil)
        }
        work.cancel()
        waiter.cancel()
        let parts = budget.components
        let milliseconds = parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
        return (.failure(RuntimeError.timedOut(after: milliseconds)), work)
    }

    /// The error type and message reported for `error`.
    public static func describe(_ error: any Error) -> (type: String, message: String) {
        if let reportable = error as? any LambdaReportableError {
            return (reportable.errorType, reportable.errorMessage)
        }
        if error is CancellationError { return ("Runtime.Cancelled", "the invocation was cancelled") }
        // Type only: an error's text may quote request data or rows.
        let type = String(reflecting: Swift.type(of: error))
        return ("Function.\(type.split(separator: ".").last.map(String.init) ?? type)", "unhandled \(type)")
    }
}
