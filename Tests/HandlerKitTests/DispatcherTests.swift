import Foundation
import HandlerKit
import Logging
import RecordsCore
import Testing

/// Echoes what the dispatcher handed over, so tests can see the normalised request.
struct EchoHandler: Handler {
    func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        var object = JSONObject([("body", .object(context.body.object))])
        object["params"] = .object(
            JSONObject(event.pathParameters.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        object["name"] = try context.body.string("name").map(JSONValue.string) ?? .null
        return .json(200, JSONValue.object(object))
    }
}

struct FailingHandler: Handler {
    struct Boom: Error {}
    let error: any Error
    func handle(_ event: Event, context: HandlerContext) async throws -> Response { throw error }
}

@Suite("Dispatcher")
struct DispatcherTests {
    static func dispatcher(_ routes: [Route]) -> Dispatcher {
        Dispatcher(
            routes: routes, policy: HTTPPolicy(), authenticator: nil, clock: SystemClock(),
            logger: Logger(label: "test"))
    }

    let dispatcher = Self.dispatcher([
        Route("POST", "/echo/:id", errorKey: "msg", handler: EchoHandler()),
        Route("GET", "/echo/:id", errorKey: "error", handler: EchoHandler()),
        Route("GET", "/boom", errorKey: "msg", handler: FailingHandler(error: FailingHandler.Boom())),
        Route(
            "GET", "/expected", errorKey: "msg",
            handler: FailingHandler(error: HandlerError(409, "taken", extra: JSONObject([("retryAfter", .number(60))])))
        ),
        Route("GET", "/down", errorKey: "msg", handler: FailingHandler(error: StoreError.unavailable)),
        Route("GET", "/busy", handler: FailingHandler(error: TrackmaniaError.rateLimited)),
        Route(
            "GET", "/upstream", errorKey: "msg",
            handler: FailingHandler(error: TrackmaniaError.connectionFailed("refused 10.0.0.1"))),
    ])

    func post(_ body: String?, contentType: String? = "application/json", base64: Bool = false) async -> Response {
        var headers: [String: String] = [:]
        if let contentType { headers["content-type"] = contentType }
        return await dispatcher.dispatch(
            Event(httpMethod: "POST", path: "/echo/7", headers: headers, body: body, isBase64Encoded: base64))
    }

    func json(_ response: Response) throws -> JSONValue { try JSONValue.parse(response.body ?? "") }

    @Test("a JSON object body reaches the handler, path parameters decoded")
    func jsonBody() async throws {
        let response = await post(#"{"name":"Drop Zone; <3","n":1}"#)
        #expect(response.statusCode == 200)
        let body = try json(response)
        #expect(body.value(at: "name") == .string("Drop Zone; <3"))
        #expect(body.value(at: "params.id") == .string("7"))
    }

    @Test(
        "malformed bodies are 400/413/415 with the route's error key, never 500",
        arguments: [
            (#"{"name":"#, "application/json", 400, "Invalid JSON in request body"),
            ("[1,2]", "application/json", 400, "Request body must be a JSON object, not array"),
            ("\"text\"", "application/json", 400, "Request body must be a JSON object, not string"),
            ("name=a&name=b", "application/x-www-form-urlencoded", 400, "Repeated form field: name"),
            ("name=%zz", "application/x-www-form-urlencoded", 400, "Invalid percent-encoding in form body"),
            ("<x/>", "application/xml", 415, "Unsupported content type application/xml; send application/json"),
            (#"{"a":1}"#, "application/json; charset=latin1", 415, "Unsupported charset latin1; send UTF-8"),
            (#"{"name":5}"#, "application/json", 400, "name must be a string, not number"),
        ])
    func badBodies(body: String, contentType: String, status: Int, message: String) async throws {
        let response = await post(body, contentType: contentType)
        #expect(response.statusCode == status)
        #expect(try json(response) == .object(JSONObject([("msg", .string(message))])))
        #expect(response.header("X-Frame-Options") == "DENY")
    }

    @Test("a body over 1 MB is 413")
    func hugeBody() async throws {
        let response = await post("{\"name\":\"" + String(repeating: "a", count: 1_048_600) + "\"}")
        #expect(response.statusCode == 413)
        #expect(try json(response).value(at: "msg") == .string("Request body too large (limit 1 MB)"))
    }

    @Test("form bodies become string fields; empty bodies an empty object")
    func formAndEmpty() async throws {
        #expect(
            try json(await post("name=Cr%C3%A8me+br%C3%BBl%C3%A9e", contentType: "application/x-www-form-urlencoded"))
                .value(at: "name") == .string("Crème brûlée"))
        #expect(try json(await post(nil)).value(at: "body") == .object(JSONObject()))
        #expect(try json(await post("  \n", contentType: nil)).value(at: "body") == .object(JSONObject()))
        #expect(
            try json(await post(Data(#"{"name":"b64"}"#.utf8).base64EncodedString(), base64: true)).value(at: "name")
                == .string("b64"))
    }

    @Test("a GET with a body is refused, the captured-Lambda \"{}\" is fine")
    func getBodies() async throws {
        let refused = await dispatcher.dispatch(Event(httpMethod: "GET", path: "/echo/1", body: #"{"a":1}"#))
        #expect(refused.statusCode == 400)
        #expect(try json(refused).value(at: "error") == .string("A GET request must not have a body"))
        let captured = await dispatcher.dispatch(Event(httpMethod: "GET", path: "/echo/1", body: "{}"))
        #expect(captured.statusCode == 200)
    }

    @Test("odd path parameters are 400, not a crash")
    func badParameters() async throws {
        let response = await dispatcher.dispatch(Event(httpMethod: "GET", path: "/echo/%E0%A4%A"))
        #expect(response.statusCode == 400)
        #expect(try json(response).value(at: "error") == .string("Invalid path parameter: id"))
        let unicode = await dispatcher.dispatch(Event(httpMethod: "GET", path: "/echo/%F0%9F%8F%81"))
        #expect(try json(unicode).value(at: "params.id") == .string("🏁"))
    }

    @Test("unexpected errors are a bare 500, expected ones keep status and extra members, an outage is 503")
    func errors() async throws {
        let boom = await dispatcher.dispatch(Event(httpMethod: "GET", path: "/boom"))
        #expect(boom.statusCode == 500)
        #expect(boom.body == #"{"msg":"Internal server error"}"#)
        let expected = await dispatcher.dispatch(Event(httpMethod: "GET", path: "/expected"))
        #expect(expected.statusCode == 409)
        #expect(try json(expected) == .object(JSONObject([("msg", .string("taken")), ("retryAfter", .number(60))])))
        let down = await dispatcher.dispatch(Event(httpMethod: "GET", path: "/down"))
        #expect(down.statusCode == 503)
        #expect(down.body == #"{"error":"Service temporarily unavailable"}"#)
    }

    @Test("Trackmania failures are a 503 under the route's key, never the upstream's text")
    func upstreamFailures() async throws {
        let busy = await dispatcher.dispatch(Event(httpMethod: "GET", path: "/busy"))
        #expect(busy.statusCode == 503)
        #expect(busy.header("Retry-After") == "30")
        #expect(
            try json(busy)
                == .object(JSONObject([("error", .string("Trackmania services are busy, please try again shortly"))])))
        let down = await dispatcher.dispatch(Event(httpMethod: "GET", path: "/upstream"))
        #expect(down.statusCode == 503)
        #expect(down.body?.contains("10.0.0.1") == false)
        #expect(try json(down).objectValue?["msg"] != nil)
    }
}
