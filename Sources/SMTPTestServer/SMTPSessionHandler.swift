import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// One SMTP session: a line-by-line state machine over the decoded lines.
final class SMTPSessionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Phase {
        case command
        case authPlain
        case authLoginUser
        case authLoginPassword(user: String)
        case data
    }

    let options: SMTPTestServer.Options
    private let state: NIOLockedValueBox<ServerState>
    private let tlsContext: NIOSSLContext?
    private var secure: Bool
    var phase = Phase.command
    var authenticatedUser: String?
    var authMechanism: String?
    private var mailFrom: String?
    private var recipients: [String] = []
    private var dataLines: [String] = []
    private var counted = false

    init(
        options: SMTPTestServer.Options, state: NIOLockedValueBox<ServerState>, tlsContext: NIOSSLContext?, secure: Bool
    ) {
        self.options = options
        self.state = state
        self.tlsContext = tlsContext
        self.secure = secure
    }

    func channelActive(context: ChannelHandlerContext) {
        counted = true
        let fault = state.withLockedValue { state -> SMTPTestServer.Fault in
            state.openSessions += 1
            state.totalSessions += 1
            state.peakSessions = max(state.peakSessions, state.openSessions)
            return state.fault
        }
        if case .greeting(let code) = fault {
            replyAndClose(context, "\(code) test server refuses the session")
            return
        }
        reply(context, "220 localhost ESMTP recordsw test receiver")
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if counted {
            counted = false
            state.withLockedValue { $0.openSessions -= 1 }
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = String(buffer: unwrapInboundIn(data))
        switch phase {
        case .data: dataLine(context, line)
        case .authPlain: finishPlain(context, line)
        case .authLoginUser:
            phase = .authLoginPassword(user: Self.decodeBase64(line) ?? "")
            reply(context, "334 UGFzc3dvcmQ6")
        case .authLoginPassword(let user):
            authenticate(context, user: user, password: Self.decodeBase64(line) ?? "", mechanism: "LOGIN")
        case .command: command(context, line)
        }
    }

    private func command(_ context: ChannelHandlerContext, _ line: String) {
        let verb = line.split(separator: " ", maxSplits: 1).first.map { $0.uppercased() } ?? ""
        let argument = line.split(separator: " ", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        let fault = state.withLockedValue { $0.fault }
        switch verb {
        case "EHLO":
            var lines = ["250-localhost greets you"]
            if tlsContext != nil && !secure { lines.append("250-STARTTLS") }
            if !options.authMechanisms.isEmpty {
                lines.append("250-AUTH " + options.authMechanisms.joined(separator: " "))
            }
            lines.append("250 SIZE 10485760")
            reply(context, lines.joined(separator: "\r\n"))
        case "HELO":
            reply(context, "250 localhost")
        case "STARTTLS":
            guard let tlsContext, !secure else {
                reply(context, "502 5.5.1 STARTTLS not available")
                return
            }
            reply(context, "220 2.0.0 ready to start TLS")
            // The reply has already passed down the pipeline: only what follows is encrypted.
            do {
                try context.pipeline.syncOperations.addHandler(
                    NIOSSLServerHandler(context: tlsContext), position: .first)
            } catch {
                context.close(promise: nil)
                return
            }
            secure = true
            resetTransaction()
            authenticatedUser = nil
        case "AUTH":
            startAuth(context, argument)
        case "MAIL":
            if options.credentials != nil && authenticatedUser == nil {
                reply(context, "530 5.7.0 authentication required")
                return
            }
            switch fault {
            case .mailFrom(let code):
                reply(context, "\(code) sender refused by the test server")
                return
            case .dropOnMailFrom:
                context.close(promise: nil)
                return
            default: break
            }
            resetTransaction()
            mailFrom = Self.path(argument)
            reply(context, "250 2.1.0 sender ok")
        case "RCPT":
            guard mailFrom != nil else {
                reply(context, "503 5.5.1 MAIL first")
                return
            }
            if case .recipient(let code) = fault {
                reply(context, "\(code) recipient refused by the test server")
                return
            }
            recipients.append(Self.path(argument))
            reply(context, "250 2.1.5 recipient ok")
        case "DATA":
            guard mailFrom != nil, !recipients.isEmpty else {
                reply(context, "503 5.5.1 no valid recipients")
                return
            }
            phase = .data
            dataLines = []
            reply(context, "354 end data with <CR><LF>.<CR><LF>")
        case "RSET":
            resetTransaction()
            reply(context, "250 2.0.0 reset")
        case "NOOP":
            reply(context, "250 2.0.0 ok")
        case "QUIT":
            replyAndClose(context, "221 2.0.0 bye")
        default:
            reply(context, "500 5.5.2 unknown command")
        }
    }

    private func dataLine(_ context: ChannelHandlerContext, _ line: String) {
        guard line == "." else {
            // Undo the client's dot-stuffing.
            dataLines.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
            return
        }
        phase = .command
        let (fault, delay) = state.withLockedValue { ($0.fault, $0.dataReplyDelay) }
        let message = ReceivedMessage(
            mailFrom: mailFrom ?? "", recipients: recipients, raw: dataLines.map { $0 + "\r\n" }.joined(),
            authenticatedUser: authenticatedUser, authMechanism: authMechanism, overTLS: secure)
        resetTransaction()
        let answer: String
        switch fault {
        case .silentAfterData:
            return
        case .data(let code):
            answer = "\(code) message refused by the test server"
        default:
            answer = "250 2.0.0 queued"
        }
        let accept = { [state] in
            if answer.hasPrefix("250") { state.withLockedValue { $0.messages.append(message) } }
        }
        if delay > .zero {
            let (seconds, attoseconds) = delay.components
            let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) {
                accept()
                self.reply(context, answer)
            }
        } else {
            accept()
            reply(context, answer)
        }
    }

    private func resetTransaction() {
        mailFrom = nil
        recipients = []
        dataLines = []
    }

    func reply(_ context: ChannelHandlerContext, _ text: String) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n")), promise: nil)
    }

    private func replyAndClose(_ context: ChannelHandlerContext, _ text: String) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text + "\r\n"))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    /// `FROM:<a@b> SIZE=1` → `a@b`.
    private static func path(_ argument: String) -> String {
        guard let open = argument.firstIndex(of: "<"), let close = argument[open...].firstIndex(of: ">") else {
            return argument
        }
        return String(argument[argument.index(after: open)..<close])
    }

    static func decodeBase64(_ text: String) -> String? {
        Data(base64Encoded: text.trimmingCharacters(in: .whitespaces)).flatMap { String(data: $0, encoding: .utf8) }
    }
}
