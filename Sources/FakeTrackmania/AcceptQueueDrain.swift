import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Works around a shutdown race of NIO's async server channels (apple/swift-nio#2813): a connection
/// accepted but not yet taken by the server's loop when the server stops is dropped with its
/// `NIOAsyncWriter` unfinished, which traps. Before stopping a server that clients may still be
/// connecting to (a client pool opening spare connections), one request over a fresh connection is
/// answered: the server takes accepted connections in order, so once it is answered, every earlier
/// one has been taken.
public enum AcceptQueueDrain {
    /// Sends `GET /health` to `127.0.0.1:port` on a new connection and waits (at most `seconds`)
    /// for the answer to end. Failures are ignored: the server may already be gone.
    public static func drain(port: Int, seconds: Int = 5) async {
        // Blocking socket calls run on a thread of their own, never on the cooperative pool (two
        // threads on this machine), which many servers stopping at once would otherwise stall.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                roundTrip(port: port, seconds: seconds)
                done.resume()
            }
            thread.start()
        }
    }

    private static func roundTrip(port: Int, seconds: Int) {
        #if canImport(Glibc)
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var limit = timeval(tv_sec: seconds, tv_usec: 0)
        let size = socklen_t(MemoryLayout<timeval>.size)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, size)
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, size)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return }
        let request = Array("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard send(descriptor, request, request.count, 0) == request.count else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while recv(descriptor, &buffer, buffer.count, 0) > 0 {}
    }
}
