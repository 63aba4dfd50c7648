import FixtureKit
import Foundation
import HandlerKit
import RecordsCore
import Testing

@Suite("Event and Response contract")
struct EventContractTests {
    @Test("a full captured API Gateway v1 event decodes with every field we read")
    func capturedEventDecodes() throws {
        let url = FixtureSuite.repositoryFixtures().appendingPathComponent("health/apigateway-v1-captured-event.json")
        let file = try JSONValue.parse(try Data(contentsOf: url))
        let eventJSON = try #require(file.value(at: "event"))
        let event = try JSONDecoder().decode(Event.self, from: Data(eventJSON.jsonText().utf8))
        #expect(event.httpMethod == "GET")
        #expect(event.path == "/health")
        #expect(event.resource == "/health")
        #expect(event.header("user-agent") == "Custom User Agent String")
        #expect(event.header("HOST") == "1234567890.execute-api.us-east-1.amazonaws.com")
        #expect(event.queryStringParameters.isEmpty)
        #expect(event.pathParameters.isEmpty)
        #expect(event.stageVariables == ["baz": "qux"])
        #expect(event.requestContext.requestId == "c6af9ac6-7b61-11e6-9a41-93e8deadbeef")
        #expect(event.requestContext.stage == "prod")
        #expect(event.sourceIP == "127.0.0.1")
        #expect(event.body == nil)
        #expect(event.isBase64Encoded == false)
    }

    @Test("a minimal hand-written event decodes with defaults")
    func minimalEventDecodes() throws {
        let event = try JSONDecoder().decode(Event.self, from: Data(#"{"httpMethod":"post","path":"/x"}"#.utf8))
        #expect(event.httpMethod == "POST")
        #expect(event.headers.isEmpty)
        #expect(event.multiValueQueryStringParameters.isEmpty)
        #expect(event.sourceIP == "unknown")
        #expect(event.requestContext.requestId == nil)
    }

    @Test("base64 bodies decode, invalid base64 is nil")
    func base64Body() {
        var event = Event(
            httpMethod: "POST", path: "/", body: Data("{\"a\":1}".utf8).base64EncodedString(), isBase64Encoded: true)
        #expect(event.bodyData == Data("{\"a\":1}".utf8))
        event.body = "%%%"
        #expect(event.bodyData == nil)
    }

    @Test("a response round-trips through the API Gateway response keys")
    func responseRoundTrip() throws {
        let response = Response.message(418, key: "msg", "teapot")
        let data = try JSONEncoder().encode(response)
        let object = try #require(try JSONValue.parse(data).objectValue)
        #expect(object["statusCode"] == .number(418))
        #expect(object["body"] == .string(#"{"msg":"teapot"}"#))
        #expect(try JSONDecoder().decode(Response.self, from: data) == response)
    }
}
