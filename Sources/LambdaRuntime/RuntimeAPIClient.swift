import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The Lambda Runtime API (`AWS_LAMBDA_RUNTIME_API`), version 2018-06-01: `next`, `response`,
/// invocation `error` and `init/error`, over HTTP/1.1 to the address the service gives.
public struct RuntimeAPIClient: Sendable {
    /// `host:port` of the Runtime API.
    public let address: String
    private let httpClient: HTTPClient
    private let base: String

    /// An invocation as `next` delivered it.
    public struct Invocation: Sendable {
        public var requestId: String
        public var deadline: Date
        public var invokedFunctionArn: String?
        public var traceId: String?
        public var payload: ByteBuffer
    }

    /// The Runtime API answered outside its protocol (a status it does not document, a missing header).
    public struct ProtocolError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// - Parameters:
    ///   - address: `AWS_LAMBDA_RUNTIME_API` (`127.0.0.1:9001`).
    ///   - httpClient: The client the calls go through.
    public init(address: String, httpClient: HTTPClient) {
        self.address = address
        self.httpClient = httpClient
        base = "http://\(address)/2018-06-01/runtime"
    }

    /// Waits for the next invocation (the call blocks until the service has one).
    public func next() async throws -> Invocation {
        let request = HTTPClientRequest(url: "\(base)/invocation/next")
        // No timeout: the service holds this call open until an invocation arrives.
        let response = try await httpClient.execute(request, deadline: .distantFuture)
        let payload = try await response.body.collect(upTo: 7 * 1024 * 1024)
        guard response.status == .ok else {
            throw ProtocolError(description: "next answered HTTP \(response.status.code)")
        }
        guard let requestId = response.headers.first(name: "Lambda-Runtime-Aws-Request-Id"), !requestId.isEmpty
        else { throw ProtocolError(description: "next answered without Lambda-Runtime-Aws-Request-Id") }
        let deadline = response.headers.first(name: "Lambda-Runtime-Deadline-Ms").flatMap(Int64.init).map {
            Date(timeIntervalSince1970: TimeInterval($0) / 1000)
        }
        guard let deadline else {
            throw ProtocolError(description: "next answered without a numeric Lambda-Runtime-Deadline-Ms")
        }
        return Invocation(
            requestId: requestId, deadline: deadline,
            invokedFunctionArn: response.headers.first(name: "Lambda-Runtime-Invoked-Function-Arn"),
            traceId: response.headers.first(name: "Lambda-Runtime-Trace-Id"), payload: payload)
    }

    /// Posts an invocation's result.
    public func respond(requestId: String, payload: ByteBuffer) async throws {
        try await post("\(base)/invocation/\(Self.pathSafe(requestId))/response", body: payload, errorType: nil)
    }

    /// Posts an invocation's failure (`errorType` also goes in `Lambda-Runtime-Function-Error-Type`).
    public func reportError(requestId: String, type errorType: String, message: String) async throws {
        try await post(
            "\(base)/invocation/\(Self.pathSafe(requestId))/error",
            body: Self.errorBody(type: errorType, message: message), errorType: errorType)
    }

    /// Posts a failure to initialise (bad configuration); the service then ends the environment.
    public func reportInitError(type errorType: String, message: String) async throws {
        try await post(
            "\(base)/init/error", body: Self.errorBody(type: errorType, message: message), errorType: errorType)
    }

    private func post(_ url: String, body: ByteBuffer, errorType: String?) async throws {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.body = .bytes(body)
        if let errorType { request.headers.add(name: "Lambda-Runtime-Function-Error-Type", value: errorType) }
        let response = try await httpClient.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        // 202 is the documented answer; 400/413 say the payload was refused, 500 that the runtime must exit.
        guard response.status == .accepted else {
            throw ProtocolError(description: "the Runtime API answered HTTP \(response.status.code) to \(url)")
        }
    }

    /// `{"errorMessage":…,"errorType":…,"stackTrace":[]}`, the documented error document.
    static func errorBody(type: String, message: String) -> ByteBuffer {
        let document: [String: any Sendable] = ["errorMessage": message, "errorType": type, "stackTrace": [String]()]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data("{}".utf8)
        return ByteBuffer(bytes: data)
    }

    /// A request id as one path segment (the service sends UUIDs; anything else is encoded, not trusted).
    static func pathSafe(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? id
    }
}
