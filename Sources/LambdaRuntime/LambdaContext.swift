import Foundation
import Logging

/// One invocation's facts from the Runtime API's `next` answer.
public struct LambdaContext: Sendable {
    /// `Lambda-Runtime-Aws-Request-Id`.
    public var requestId: String
    /// `Lambda-Runtime-Deadline-Ms`: when the service stops the invocation.
    public var deadline: Date
    /// `Lambda-Runtime-Invoked-Function-Arn`.
    public var invokedFunctionArn: String?
    /// `Lambda-Runtime-Trace-Id`: the X-Ray trace header, passed on to the calls this invocation makes.
    public var traceId: String?
    /// The invocation's logger: the runtime's, with `aws-request-id` (and the trace id) as metadata.
    public var logger: Logger

    public init(
        requestId: String, deadline: Date, invokedFunctionArn: String? = nil, traceId: String? = nil, logger: Logger
    ) {
        self.requestId = requestId
        self.deadline = deadline
        self.invokedFunctionArn = invokedFunctionArn
        self.traceId = traceId
        self.logger = logger
    }

    /// The time left before ``deadline``, never negative.
    public func remaining(now: Date = Date()) -> Duration {
        let seconds = deadline.timeIntervalSince(now)
        guard seconds > 0 else { return .zero }
        return .milliseconds(Int64(seconds * 1000))
    }
}

/// An error a handler throws to choose the error type the Runtime API records (its text is the
/// message; other errors are reported by type name only, since their text may quote request data).
public protocol LambdaReportableError: Error {
    /// `Lambda-Runtime-Function-Error-Type` and the body's `errorType` (e.g. `Runtime.UnknownEvent`).
    var errorType: String { get }
    /// The body's `errorMessage`: safe to log (no bodies, tokens or secrets).
    var errorMessage: String { get }
}

/// The runtime's own failures, with the documented `Runtime.*` error types.
public struct RuntimeError: LambdaReportableError, CustomStringConvertible, Sendable {
    public var errorType: String
    public var errorMessage: String
    public var description: String { "\(errorType): \(errorMessage)" }

    public init(_ errorType: String, _ errorMessage: String) {
        self.errorType = errorType
        self.errorMessage = errorMessage
    }

    /// The invocation arrived with its deadline already past (or too close to start work).
    public static func deadlineExpired() -> RuntimeError {
        RuntimeError("Runtime.DeadlineExceeded", "the invocation's deadline had passed before it started")
    }

    /// The handler did not finish before the deadline's safety margin; it was cancelled.
    public static func timedOut(after milliseconds: Int64) -> RuntimeError {
        RuntimeError(
            "Runtime.DeadlineExceeded", "the handler did not finish within \(milliseconds) ms and was cancelled")
    }

    /// The payload is not one of the event shapes this function serves.
    public static func unknownEvent(_ detail: String) -> RuntimeError {
        RuntimeError("Runtime.UnknownEvent", detail)
    }
}
