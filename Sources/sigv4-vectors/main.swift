import AWSClient
import Foundation

// Reads `[{"method","url","headers":[[name,value]],"body","time","region","service","accessKeyId",
// "secretAccessKey","sessionToken"?}]` on standard input and prints, for each, the canonical request
// and signature recordsw computes (scripts/aws-interop-test.sh compares them with botocore's).

struct Vector: Decodable {
    var method: String
    var url: String
    var headers: [[String]]
    var body: String
    var time: Double
    var region: String
    var service: String
    var accessKeyId: String
    var secretAccessKey: String
    var sessionToken: String?
}

struct Signed: Encodable {
    var canonicalRequest: String
    var signature: String
    var authorization: String
}

let input = FileHandle.standardInput.readDataToEndOfFile()
let vectors = try JSONDecoder().decode([Vector].self, from: input)
var results: [Signed] = []
for vector in vectors {
    guard let url = URL(string: vector.url) else {
        FileHandle.standardError.write(Data("not a URL: \(vector.url)\n".utf8))
        exit(2)
    }
    let signer = SigV4Signer(
        credentials: AWSCredentials(
            accessKeyId: vector.accessKeyId, secretAccessKey: vector.secretAccessKey, sessionToken: vector.sessionToken),
        region: vector.region, service: vector.service)
    let signature = signer.sign(
        SigV4Signer.Request(
            method: vector.method, url: url, headers: vector.headers.map { ($0[0], $0[1]) },
            body: Array(vector.body.utf8)),
        date: Date(timeIntervalSince1970: vector.time))
    results.append(
        Signed(
            canonicalRequest: signature.canonicalRequest, signature: signature.signature,
            authorization: signature.headers["Authorization"] ?? ""))
}
let encoder = JSONEncoder()
encoder.outputFormatting = [.sortedKeys]
FileHandle.standardOutput.write(try encoder.encode(results))
FileHandle.standardOutput.write(Data("\n".utf8))
