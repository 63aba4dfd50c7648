import Foundation
import NIOCore
import NIOPosix

/// A plain TCP connection to a test server, for what an HTTP client library will not do: send half
/// a request and hold it, or open many sockets and send nothing.
struct RawSocket: Sendable {
    /// Keeps what the server sent (touched only on the channel's event loop).
    final class Collector: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        var received = ""

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received += String(buffer: unwrapInboundIn(data))
        }
    }

    let channel: any Channel
    let collector: Collector

    static func connect(port: Int) async throws -> RawSocket {
        let collector = Collector()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: "127.0.0.1", port: port).get()
        return RawSocket(channel: channel, collector: collector)
    }

    /// Whether the server has closed the connection.
    var isClosed: Bool { !channel.isActive }

    /// Sends `text` and flushes.
    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text))
    }

    /// Waits until the server closes the connection (or `limit` passes, a guard against a hung test,
    /// not a timing assertion) and returns what arrived; `nil` when the limit passed first.
    func readUntilClosed(limit: Duration = .seconds(30)) async throws -> String? {
        let channel = self.channel
        let closed = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await channel.closeFuture.get()
                return true
            }
            group.addTask {
                try await Task.sleep(for: limit)
                // Ends the other child, which waits on the close.
                channel.close(promise: nil)
                return false
            }
            let first = try await group.next() ?? false
            group.cancelAll()
            return first
        }
        guard closed else { return nil }
        let collector = self.collector
        return try await channel.eventLoop.submit { collector.received }.get()
    }

    /// Sends one complete `Connection: close` request and returns the raw response.
    static func request(port: Int, path: String) async throws -> String? {
        let socket = try await connect(port: port)
        try await socket.send("GET \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        return try await socket.readUntilClosed()
    }

    func close() {
        channel.close(promise: nil)
    }
}
