import Foundation
import RecordsApp
import Testing

@testable import AWSClient

/// Signature Version 4 against AWS's documented example, and the settings around it.
/// (scripts/aws-interop-test.sh compares a larger set with botocore and round-trips through moto.)
@Suite("Signature Version 4")
struct SigV4Tests {
    static let credentials = AWSCredentials(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    /// 2015-08-30T12:36:00Z, the time of AWS's example.
    static let exampleTime = Date(timeIntervalSince1970: 1_440_938_160)

    @Test("AWS's IAM ListUsers example signs to the documented signature")
    func documentedExample() throws {
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "iam")
        let url = try #require(URL(string: "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"))
        let signed = signer.sign(
            .init(
                method: "GET", url: url,
                headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]),
            date: Self.exampleTime)
        #expect(
            signed.canonicalRequest == """
                GET
                /
                Action=ListUsers&Version=2010-05-08
                content-type:application/x-www-form-urlencoded; charset=utf-8
                host:iam.amazonaws.com
                x-amz-date:20150830T123600Z

                content-type;host;x-amz-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
                """)
        #expect(signed.signature == "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
        #expect(
            signed.headers["Authorization"]
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date, "
                + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
        #expect(signed.headers["X-Amz-Date"] == "20150830T123600Z")
    }

    @Test("a session token is sent and signed; User-Agent and the trace header are not signed")
    func sessionToken() throws {
        var credentials = Self.credentials
        credentials.sessionToken = "token/with+chars="
        let signer = SigV4Signer(credentials: credentials, region: "eu-west-1", service: "sqs")
        let url = try #require(URL(string: "http://127.0.0.1:5000/"))
        let signed = signer.sign(
            .init(
                method: "POST", url: url,
                headers: [
                    ("User-Agent", "recordsw"), ("X-Amzn-Trace-Id", "Root=1-abc"), ("Content-Type", "text/plain"),
                ],
                body: Array("Action=SendMessage".utf8)),
            date: Self.exampleTime)
        #expect(signed.headers["X-Amz-Security-Token"] == "token/with+chars=")
        #expect(signed.canonicalRequest.contains("host:127.0.0.1:5000\n"))
        #expect(signed.canonicalRequest.contains("content-type;host;x-amz-date;x-amz-security-token"))
        #expect(!signed.canonicalRequest.contains("user-agent"))
        #expect(!signed.canonicalRequest.contains("x-amzn-trace-id"))
    }

    @Test("paths and query pairs are encoded and sorted as botocore does")
    func canonicalForms() throws {
        let url = try #require(URL(string: "https://sqs.eu-west-1.amazonaws.com/123/q%20x?b=2&a=3&a=1&c"))
        #expect(SigV4Signer.canonicalPath(url) == "/123/q%2520x")
        #expect(SigV4Signer.canonicalQuery(url) == "a=1&a=3&b=2&c=")
        #expect(SigV4Signer.encode("a b/ç~") == "a%20b%2F%C3%A7~")
    }

    @Test("credentials come from the environment; missing ones are named")
    func credentialsFromEnvironment() throws {
        let read = try AWSCredentials.fromEnvironment([
            "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_SESSION_TOKEN": "tok",
        ])
        #expect(read == AWSCredentials(accessKeyId: "AKID", secretAccessKey: "secret", sessionToken: "tok"))
        #expect(throws: AWSCredentials.Missing.self) {
            try AWSCredentials.fromEnvironment(["AWS_ACCESS_KEY_ID": "AKID"])
        }
    }

    @Test("MAP_SEARCH_QUEUE_URL needs a region and credentials, and must be a queue URL")
    func queueSettings() throws {
        let queue = "https://sqs.eu-west-1.amazonaws.com/123456789012/recordsw-map-search"
        #expect(throws: AppConfig.Invalid.self) { try AppConfig(environment: ["MAP_SEARCH_QUEUE_URL": queue]) }
        #expect(throws: AppConfig.Invalid.self) {
            try AppConfig(environment: ["MAP_SEARCH_QUEUE_URL": queue, "AWS_REGION": "eu-west-1"])
        }
        #expect(throws: AppConfig.Invalid.self) {
            try AppConfig(environment: [
                "MAP_SEARCH_QUEUE_URL": "not a url", "AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "A",
                "AWS_SECRET_ACCESS_KEY": "S",
            ])
        }
        let config = try AppConfig(environment: [
            "MAP_SEARCH_QUEUE_URL": queue, "AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "A",
            "AWS_SECRET_ACCESS_KEY": "S",
        ])
        #expect(config.aws.mapSearchQueue?.url.absoluteString == queue)
        #expect(config.aws.mapSearchQueue?.region == "eu-west-1")
        #expect(try AppConfig(environment: [:]).aws.mapSearchQueue == nil)
    }
}
