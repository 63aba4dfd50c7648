import Foundation
import NIOCore
import NIOHTTPTypes

/// Limits on the server's connections (`HTTP_IDLE_TIMEOUT`, `HTTP_MAX_CONNECTIONS`).
public struct ConnectionLimits: Sendable, Equatable {
    /// How long a connection may take to send one complete request, counted from when it opened or
    /// from its last response. A connection that sends nothing, or half a request, is closed then.
    public var requestTimeout: Duration
    /// Open connections beyond this close the connection that has waited longest without a request
    /// in progress (or, when every one is busy, the new one), so a flood of idle sockets cannot keep
    /// `/health` or anyone else out.
    public var maximumConnections: Int

    public init(requestTimeout: Duration = .seconds(30), maximumConnections: Int = 1024) {
        self.requestTimeout = requestTimeout
        self.maximumConnections = maximumConnections
    }
}

/// The open connections of one server, shared by every connection's ``ConnectionGuard``.
final class ConnectionRegistry: @unchecked Sendable {
    private struct Entry {
        var channel: any Channel
        /// Whether a complete request is being answered (never evicted then).
        var busy: Bool
        /// When the connection last became idle, as a sequence number.
        var idleSince: UInt64
    }

    let maximum: Int
    // Guarded by `lock`; held only for a few dictionary operations.
    private let lock = NSLock()
    private var entries: [ObjectIdentifier: Entry] = [:]
    private var tick: UInt64 = 0

    init(maximum: Int) {
        self.maximum = max(1, maximum)
    }

    /// Number of registered connections.
    var count: Int { lock.withLock { entries.count } }

    /// Registers a new connection; returns the connection to close when the cap is exceeded.
    func opened(_ channel: any Channel) -> (any Channel)? {
        lock.withLock {
            tick += 1
            let id = ObjectIdentifier(channel)
            entries[id] = Entry(channel: channel, busy: false, idleSince: tick)
            guard entries.count > maximum else { return nil }
            let victim = entries.filter { $0.key != id && !$0.value.busy }.min {
                $0.value.idleSince < $1.value.idleSince
            }
            let chosen = victim?.key ?? id
            return entries.removeValue(forKey: chosen)?.channel
        }
    }

    func closed(_ channel: any Channel) {
        lock.withLock { _ = entries.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    func setBusy(_ channel: any Channel, _ busy: Bool) {
        lock.withLock {
            tick += 1
            let id = ObjectIdentifier(channel)
            entries[id]?.busy = busy
            if !busy { entries[id]?.idleSince = tick }
        }
    }
}

/// Per connection: closes it when a complete request does not arrive within the request timeout,
/// and registers it with the ``ConnectionRegistry`` that enforces the connection cap.
///
/// Hummingbird's own idle timeout stops counting once a request head arrives, so a client could
/// hold a connection forever by sending headers and then a body byte by byte; this one stops only
/// when the whole request has arrived, and starts again after each response.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let registry: ConnectionRegistry
    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?
    private var registered = false
    /// Whether the current request has been answered already (a 413 is sent before the body has
    /// arrived); the rest of its body then does not stop the clock started by that response.
    private var answered = false

    init(registry: ConnectionRegistry, timeout: Duration) {
        self.registry = registry
        let parts = timeout.components
        self.timeout = .nanoseconds(parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { activate(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
        if registered {
            registered = false
            registry.closed(context.channel)
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        activate(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        if registered {
            registered = false
            registry.closed(context.channel)
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            answered = false
        case .end where !answered:
            disarm()
            registry.setBusy(context.channel, true)
        default:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            answered = true
            registry.setBusy(context.channel, false)
            arm(context)
        }
        context.write(data, promise: promise)
    }

    private func activate(_ context: ChannelHandlerContext) {
        guard !registered else { return }
        registered = true
        if let victim = registry.opened(context.channel) {
            if victim === context.channel { registered = false }
            // Closed a moment later, not at once: the victim (this channel included) may still be being
            // set up, and a child channel closed before the server's accept loop has taken it is dropped
            // with its NIOAsyncWriter unfinished, which traps (swift-nio#2813).
            victim.eventLoop.scheduleTask(in: .milliseconds(50)) { victim.close(promise: nil) }
        }
        arm(context)
    }

    private func arm(_ context: ChannelHandlerContext) {
        disarm()
        let channel = context.channel
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            channel.close(promise: nil)
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}
