import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP receiver on loopback for tests: speaks EHLO/HELO, STARTTLS or implicit TLS,
/// AUTH PLAIN and LOGIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT; records every accepted message; can
/// be told to fail in the ways real servers fail (4xx/5xx replies, dropped connections, silence).
///
/// ```swift
/// let server = try await SMTPTestServer.start()
/// // point the mailer at 127.0.0.1:server.port with SMTP_SECURITY=none
/// let messages = try await server.waitForMessages(count: 1)
/// await server.stop()
/// ```
public final class SMTPTestServer: Sendable {
    /// How connections are secured.
    public enum Security: Sendable {
        /// Plain text only (`SMTP_SECURITY=none`).
        case none
        /// Plain, offering `STARTTLS` with this identity (`SMTP_SECURITY=starttls`).
        case starttls(TestCertificate)
        /// TLS from the first byte (`SMTP_SECURITY=tls`).
        case implicitTLS(TestCertificate)
    }

    /// What the server is set up to do.
    public struct Options: Sendable {
        public var security: Security
        /// When set, MAIL FROM is refused with 530 until the client logged in with these.
        public var credentials: (user: String, password: String)?
        /// The SASL mechanisms advertised (`PLAIN`, `LOGIN`).
        public var authMechanisms: [String]
        /// The port to listen on; 0 (the default) picks a free one. Pass a stopped server's port to
        /// bring "the same" server back up.
        public var port: Int

        public init(
            security: Security = .none, credentials: (user: String, password: String)? = nil,
            authMechanisms: [String] = ["PLAIN", "LOGIN"], port: Int = 0
        ) {
            self.security = security
            self.credentials = credentials
            self.authMechanisms = authMechanisms
            self.port = port
        }
    }

    /// A way to fail, applied to every session from the moment it is set.
    public enum Fault: Sendable, Equatable {
        /// Behave.
        case none
        /// Greet with this code (e.g. 421 or 554) and close the connection.
        case greeting(Int)
        /// Answer MAIL FROM with this code.
        case mailFrom(Int)
        /// Answer RCPT TO with this code (e.g. 450, 550).
        case recipient(Int)
        /// Answer the end of DATA with this code (e.g. 451, 554); the message is not recorded.
        case data(Int)
        /// Close the connection when MAIL FROM arrives.
        case dropOnMailFrom
        /// Record nothing and never answer the end of DATA (the client must time out).
        case silentAfterData
    }

    /// The port on 127.0.0.1.
    public let port: Int
    let options: Options
    let state: NIOLockedValueBox<ServerState>
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    private init(
        port: Int, options: Options, state: NIOLockedValueBox<ServerState>, group: MultiThreadedEventLoopGroup,
        channel: any Channel
    ) {
        self.port = port
        self.options = options
        self.state = state
        self.group = group
        self.channel = channel
    }

    /// Starts a server on a free port of 127.0.0.1.
    public static func start(_ options: Options = Options()) async throws -> SMTPTestServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let state = NIOLockedValueBox(ServerState())
        let tlsContext: NIOSSLContext?
        let implicitTLS: Bool
        switch options.security {
        case .none:
            tlsContext = nil
            implicitTLS = false
        case .starttls(let certificate):
            tlsContext = try certificate.serverContext()
            implicitTLS = false
        case .implicitTLS(let certificate):
            tlsContext = try certificate.serverContext()
            implicitTLS = true
        }
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { child in
                    child.eventLoop.makeCompletedFuture {
                        let sync = child.pipeline.syncOperations
                        if implicitTLS, let tlsContext {
                            try sync.addHandler(NIOSSLServerHandler(context: tlsContext))
                        }
                        try sync.addHandler(ByteToMessageHandler(LineDecoder()))
                        try sync.addHandler(
                            SMTPSessionHandler(
                                options: options, state: state, tlsContext: implicitTLS ? nil : tlsContext,
                                secure: implicitTLS))
                    }
                }
                .bind(host: "127.0.0.1", port: options.port).get()
            guard let port = channel.localAddress?.port else {
                try? await channel.close()
                throw ChannelError.unknownLocalAddress
            }
            return SMTPTestServer(port: port, options: options, state: state, group: group, channel: channel)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    /// Stops listening and closes every connection.
    public func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }

    /// Changes how the server fails from now on.
    public func setFault(_ fault: Fault) {
        state.withLockedValue { $0.fault = fault }
    }

    /// Holds the reply to each end of DATA for this long (to keep sessions open together).
    public func setDataReplyDelay(_ delay: Duration) {
        state.withLockedValue { $0.dataReplyDelay = delay }
    }

    /// Forgets the messages received so far (between the steps of a multi-run test).
    public func removeAllMessages() {
        state.withLockedValue { $0.messages.removeAll() }
    }

    /// The messages accepted so far, in order of acceptance.
    public var messages: [ReceivedMessage] {
        state.withLockedValue { $0.messages }
    }

    /// The most sessions that were open at the same time.
    public var peakConcurrentSessions: Int {
        state.withLockedValue { $0.peakSessions }
    }

    /// How many connections were accepted.
    public var sessionCount: Int {
        state.withLockedValue { $0.totalSessions }
    }

    /// Waits until at least `count` messages arrived.
    ///
    /// The default timeout bounds a hang, not speed: a loaded machine can take many seconds.
    /// - Throws: `SMTPTestServerError.timedOut` when they do not arrive within `timeout`.
    public func waitForMessages(count: Int, timeout: Duration = .seconds(60)) async throws -> [ReceivedMessage] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let current = messages
            if current.count >= count { return current }
            guard ContinuousClock.now < deadline else { throw SMTPTestServerError.timedOut(received: current.count) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

/// Failures of the test server itself.
public enum SMTPTestServerError: Error, Sendable {
    case timedOut(received: Int)
}

struct ServerState: Sendable {
    var fault: SMTPTestServer.Fault = .none
    var dataReplyDelay: Duration = .zero
    var messages: [ReceivedMessage] = []
    var openSessions = 0
    var peakSessions = 0
    var totalSessions = 0
}

/// Splits the byte stream into lines (without their CRLF or LF).
struct LineDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        if line.readableBytesView.last == UInt8(ascii: "\r") {
            line = line.getSlice(at: line.readerIndex, length: line.readableBytes - 1)!
        }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws
        -> DecodingState
    {
        .needMoreData
    }
}
