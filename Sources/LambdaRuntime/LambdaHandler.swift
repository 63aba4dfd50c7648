import NIOCore

/// What a function does with one invocation: the payload in, the response payload out. Thrown
/// errors become the Runtime API's invocation error call (``LambdaReportableError`` chooses its type).
public protocol LambdaHandler: Sendable {
    func handle(_ payload: ByteBuffer, context: LambdaContext) async throws -> ByteBuffer
}
