import Foundation
import Hummingbird
import NIOCore

/// The fake's HTTP surface: Nadeo Core under `/core`, Live under `/live`, OAuth under `/oauth`,
/// TMX under `/tmx`, and the control API under `/_fake`.
struct FakeRoutes: Sendable {
    let state: FakeTrackmaniaState

    /// A finished answer before faults are applied.
    struct Reply: Sendable {
        var status: HTTPResponse.Status
        var body: Data
        var headers: HTTPFields = [:]

        static func json(_ object: Any, status: HTTPResponse.Status = .ok) -> Reply {
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
            return Reply(status: status, body: data)
        }

        static func encoded(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Reply {
            Reply(status: status, body: (try? JSONEncoder().encode(value)) ?? Data("{}".utf8))
        }

        /// Nadeo's error body.
        static func nadeoError(_ status: HTTPResponse.Status, code: String, message: String) -> Reply {
            json(
                [
                    "code": code, "correlation_id": UUID().uuidString.lowercased(), "message": message,
                    "info": [String](),
                ],
                status: status)
        }

        /// The OAuth API's error body.
        static func oauthError(_ status: HTTPResponse.Status, error: String, message: String) -> Reply {
            json(["error": error, "message": message, "error_description": message], status: status)
        }
    }

    /// Dropping a connection mid-body: throwing from the body writer makes the server close it.
    struct DroppedConnection: Error {}

    func register(on router: Router<BasicRequestContext>) {
        registerNadeo(on: router)
        registerOAuth(on: router)
        registerExchange(on: router)
        registerControl(on: router)
        registerSimulation(on: router)
    }

    /// Counts the call, applies injected faults, else answers with `produce`.
    func serve(
        _ endpoint: String, _ request: Request, _ produce: @Sendable () async throws -> Reply
    ) async throws -> Response {
        let plan = await state.begin(endpoint: endpoint, userAgent: request.headers[.userAgent])
        do {
            if plan.delay > 0 { try await Task.sleep(for: .seconds(plan.delay)) }
            let reply: Reply
            switch plan.fault?.kind {
            case .status:
                let code = plan.fault?.status ?? 500
                reply = .nadeoError(.init(code: code), code: "FAKE-\(code)", message: "Injected failure")
            case .rateLimit:
                var limited = Reply.nadeoError(.tooManyRequests, code: "FAKE-429", message: "Too many requests")
                limited.headers[.retryAfter] = Self.seconds(plan.fault?.retryAfter ?? 1)
                reply = limited
            case .malformed:
                reply = Reply(status: .ok, body: Data(#"{"tops":[{"zoneId": <html>oops"#.utf8))
            case .empty:
                reply = Reply(status: .ok, body: Data("[]".utf8))
            case .drop:
                await state.end()
                return Response(
                    status: .ok, headers: [.contentType: "application/json"],
                    body: ResponseBody { writer in
                        try await writer.write(ByteBuffer(string: #"{"partial":"#))
                        throw DroppedConnection()
                    })
            case .delay, nil:
                reply = try await produce()
            }
            await state.end()
            var headers = reply.headers
            headers[.contentType] = "application/json"
            return Response(
                status: reply.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
        } catch {
            await state.end()
            throw error
        }
    }

    /// Real hosts send whole seconds; fractions pass through so tests can use sub-second waits.
    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// The request body as bytes (bodies here are small JSON or form documents).
    static func body(of request: Request) async throws -> Data {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        return Data(buffer.readableBytesView)
    }
}
