import Hummingbird

/// A bare Hummingbird server answering `GET /health` with a fixed JSON body: the baseline the
/// benchmark compares recordsw's adapter and contract layers against.
@main
struct BenchHello {
    static func main() async throws {
        let port = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 8081
        let router = Router()
        router.get("/health") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"status":"OK","version":"1.0.0"}"#)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }
}
