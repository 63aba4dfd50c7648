import Foundation
import HandlerKit

/// API Gateway (v1 and v2) and function-URL requests into the one ``Dispatcher``, with the checks
/// the HTTP adapter makes before a request becomes an event: the body size limit (413), a body that
/// must decode (400 for base64 that is not), and `Strict-Transport-Security` for requests that reached
/// the service over TLS. Status codes, headers, cookies, CORS and error bodies are the dispatcher's,
/// exactly as over HTTP.
public struct APIGatewayBridge: Sendable {
    public let dispatcher: Dispatcher
    /// `serve`'s limit (1 MB): a v2 event may carry up to 6 MB, but no handler accepts more than this.
    public let maximumBodyBytes: Int

    public init(dispatcher: Dispatcher, maximumBodyBytes: Int = 1_048_576) {
        self.dispatcher = dispatcher
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// Answers a v1 event.
    public func answer(v1 event: Event) async -> Response {
        await answer(event)
    }

    /// Answers a v2 (HTTP API, function URL) event.
    public func answer(v2 request: HTTPAPIRequest) async -> Response {
        guard let event = request.event() else {
            return dispatcher.rejection(
                method: request.requestContext.http.method, path: request.rawPath ?? "/",
                origin: request.headers?["origin"], status: 400, message: "Invalid percent-encoding in query string")
        }
        return await answer(event)
    }

    private func answer(_ incoming: Event) async -> Response {
        var event = incoming
        let origin = event.header("Origin")
        func refuse(_ status: Int, _ message: String) -> Response {
            dispatcher.rejection(
                method: event.httpMethod, path: event.path, origin: origin, status: status, message: message)
        }
        if let body = event.body {
            if event.isBase64Encoded {
                guard let data = Data(base64Encoded: body) else {
                    return secured(refuse(400, "Request body is not valid base64"), event)
                }
                guard data.count <= maximumBodyBytes else {
                    return secured(refuse(413, "Request body too large (limit 1 MB)"), event)
                }
                // The HTTP adapter hands handlers text (invalid UTF-8 replaced), never base64.
                event.body = data.isEmpty ? nil : String(decoding: data, as: UTF8.self)
                event.isBase64Encoded = false
            } else if body.utf8.count > maximumBodyBytes {
                return secured(refuse(413, "Request body too large (limit 1 MB)"), event)
            } else if body.isEmpty {
                event.body = nil
            }
        }
        return secured(await dispatcher.dispatch(event), event)
    }

    /// Adds `Strict-Transport-Security` when the client reached API Gateway over TLS (always, on AWS:
    /// the service sets `X-Forwarded-Proto`), as the HTTP adapter does behind a trusted TLS proxy.
    private func secured(_ response: Response, _ event: Event) -> Response {
        guard event.header("X-Forwarded-Proto")?.lowercased() == "https",
            response.header("Strict-Transport-Security") == nil
        else { return response }
        var response = response
        response.setHeader("Strict-Transport-Security", HTTPPolicy.strictTransportValue)
        return response
    }
}
