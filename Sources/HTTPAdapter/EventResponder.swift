import Foundation
import HTTPTypes
import HandlerKit
import Hummingbird
import Logging
import NIOCore

/// Turns Hummingbird requests into ``Event``s, runs them through the ``Dispatcher`` and turns the
/// ``HandlerKit/Response`` back into HTTP. It holds no business rules.
public struct EventResponder: HTTPResponder {
    public typealias Context = AdapterRequestContext

    private let dispatcher: Dispatcher
    private let trustedProxyHops: Int
    private let trustedProxies: TrustedProxies
    private let maximumBodyBytes: Int
    private let site: StaticSite?
    private let fileIO = FileIO()

    /// - Parameters:
    ///   - dispatcher: The shared request path.
    ///   - trustedProxyHops: At most this many forwarded entries are believed (`TRUSTED_PROXY_HOPS`).
    ///   - trustedProxies: The proxies whose forwarded entries are believed (`TRUSTED_PROXIES`).
    ///   - maximumBodyBytes: Larger bodies are refused with 413 before they are read whole.
    ///   - site: The built frontend served for the paths the API does not own (`FRONTEND_DIR`).
    public init(
        dispatcher: Dispatcher, trustedProxyHops: Int, trustedProxies: TrustedProxies = .default,
        maximumBodyBytes: Int = 1_048_576, site: StaticSite? = nil
    ) {
        self.dispatcher = dispatcher
        self.trustedProxyHops = trustedProxyHops
        self.trustedProxies = trustedProxies
        self.maximumBodyBytes = maximumBodyBytes
        self.site = site
    }

    public func respond(to request: Request, context: Context) async throws -> Hummingbird.Response {
        let method = request.method.rawValue
        let path = request.uri.path
        let origin = request.headers[.origin]
        let client = ClientAddress.resolve(
            peer: context.remoteAddress, forwardedFor: Self.list(request.headers, Self.forwardedFor),
            forwardedProto: Self.list(request.headers, Self.forwardedProto), proxies: trustedProxies,
            maximumHops: trustedProxyHops)
        let secure = client.forwardedSecure
        if let site, site.serves(method: method, path: path) {
            return await site.respond(to: request, secure: secure, fileIO: fileIO, context: context)
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maximumBodyBytes {
            return Self.http(tooLarge(method: method, path: path, origin: origin), secure: secure)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maximumBodyBytes)
        } catch {
            return Self.http(tooLarge(method: method, path: path, origin: origin), secure: secure)
        }
        guard let query = QueryString.parse(request.uri.query) else {
            return Self.http(
                dispatcher.rejection(
                    method: method, path: path, origin: origin, status: 400,
                    message: "Invalid percent-encoding in query string"), secure: secure)
        }
        var headers: [String: String] = [:]
        headers.reserveCapacity(request.headers.count)
        // Only repeated names get a multi-value entry: most requests have none, and this path is hot.
        var multiHeaders: [String: [String]] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            if let previous = headers[name] {
                headers[name] = "\(previous), \(field.value)"
                multiHeaders[name, default: [previous]].append(field.value)
            } else {
                headers[name] = field.value
            }
        }
        let event = Event(
            httpMethod: method,
            path: path,
            headers: headers,
            multiValueHeaders: multiHeaders,
            queryStringParameters: query.single,
            multiValueQueryStringParameters: query.multi,
            body: buffer.readableBytes == 0 ? nil : String(buffer: buffer),
            requestContext: .init(
                requestId: context.id,
                identity: .init(sourceIp: client.address, userAgent: headers["user-agent"])))
        return Self.http(await dispatcher.dispatch(event), secure: secure)
    }

    private func tooLarge(method: String, path: String, origin: String?) -> HandlerKit.Response {
        dispatcher.rejection(
            method: method, path: path, origin: origin, status: 413, message: "Request body too large (limit 1 MB)")
    }

    /// The names every response carries, validated once instead of per response.
    private static let knownNames: [String: HTTPField.Name] = {
        var names: [String: HTTPField.Name] = ["Content-Type": .contentType]
        let common =
            HandlerKit.HTTPPolicy.securityHeaders.map(\.0) + [
                "Vary", "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
                "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Strict-Transport-Security",
            ]
        for name in common { names[name] = HTTPField.Name(name) }
        return names
    }()

    /// The fields most responses carry with the same value (content type, security headers, the
    /// open CORS answer), built and validated once: checking each value's bytes again on every
    /// response showed in `/health`'s profile.
    private static let prebuilt: [String: HTTPField] = {
        var fields: [String: HTTPField] = [:]
        let common =
            [("Content-Type", HandlerKit.Response.jsonContentType), ("Access-Control-Allow-Origin", "*")]
            + HandlerKit.HTTPPolicy.securityHeaders
        for (name, value) in common {
            if let fieldName = knownNames[name] { fields[name] = HTTPField(name: fieldName, value: value) }
        }
        return fields
    }()

    private static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    private static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    private static let strictTransport = HTTPField.Name("Strict-Transport-Security")!

    /// Converts a contract response to Hummingbird's.
    /// - Parameter secure: The client reached our first trusted proxy over TLS: the response gets
    ///   `Strict-Transport-Security` (browsers ignore it over plain HTTP, so it is sent only then).
    static func http(_ response: HandlerKit.Response, secure: Bool = false) -> Hummingbird.Response {
        var fields = HTTPFields()
        fields.reserveCapacity(response.headers.count + 1)
        for (name, value) in response.headers {
            if let field = Self.prebuilt[name], field.value == value {
                fields.append(field)
                continue
            }
            // Hummingbird sets the length from the body itself.
            guard let fieldName = Self.knownNames[name] ?? HTTPField.Name(name), fieldName != .contentLength else {
                continue
            }
            fields.append(HTTPField(name: fieldName, value: value))
        }
        for (name, values) in response.multiValueHeaders ?? [:] {
            guard let fieldName = HTTPField.Name(name) else { continue }
            for value in values { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        if secure && fields[strictTransport] == nil {
            fields[strictTransport] = HTTPPolicy.strictTransportValue
        }
        var body = ResponseBody()
        if let text = response.body, !text.isEmpty {
            if response.isBase64Encoded == true, let data = Data(base64Encoded: text) {
                body = ResponseBody(byteBuffer: ByteBuffer(bytes: data))
            } else {
                body = ResponseBody(byteBuffer: ByteBuffer(string: text))
            }
        }
        return Hummingbird.Response(status: .init(code: response.statusCode), headers: fields, body: body)
    }
}

extension EventResponder {
    /// A header's lines joined as one comma-separated list (RFC 9110 §5.3), `nil` when absent
    /// (checked first without building an array: most requests have no forwarded headers).
    fileprivate static func list(_ headers: HTTPFields, _ name: HTTPField.Name) -> String? {
        guard headers[name] != nil else { return nil }
        let values = headers[values: name]
        return values.count == 1 ? values[0] : values.joined(separator: ",")
    }
}
