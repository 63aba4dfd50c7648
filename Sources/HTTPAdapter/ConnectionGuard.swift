import Foundation
import NIOCore
import NIOHTTPTypes
import Synchronization

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
///
/// The lock is taken only when a connection opens or closes; a request only stores into its
/// connection's ``ConnectionActivity`` (an atomic), so the registry costs nothing per request.
final class ConnectionRegistry: Sendable {
    let maximum: Int
    private let entries = Mutex<[ObjectIdentifier: (channel: any Channel, activity: ConnectionActivity)]>([:])

    init(maximum: Int) {
        self.maximum = max(1, maximum)
    }

    /// Number of registered connections.
    var count: Int { entries.withLock { $0.count } }

    /// Registers a new connection; returns the connection to close when the cap is exceeded: the
    /// one idle longest, or the new one when every other is answering a request.
    func opened(_ channel: any Channel, activity: ConnectionActivity) -> (any Channel)? {
        entries.withLock { entries in
            let id = ObjectIdentifier(channel)
            entries[id] = (channel, activity)
            guard entries.count > maximum else { return nil }
            // Only past the cap, so a scan of every connection is affordable here.
            var chosen = id
            var oldest = UInt64.max
            for (key, entry) in entries where key != id {
                let idleSince = entry.activity.idleSince
                if idleSince != ConnectionActivity.busy && idleSince < oldest {
                    oldest = idleSince
                    chosen = key
                }
            }
            return entries.removeValue(forKey: chosen)?.channel
        }
    }

    func closed(_ channel: any Channel) {
        entries.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}

/// Whether a connection is answering a request, or since when it has been waiting for one; written
/// by its event loop, read by the registry from any thread when it picks a connection to close.
final class ConnectionActivity: Sendable {
    /// The value of ``idleSince`` while a complete request is being answered.
    static let busy = UInt64.max

    private let state: Atomic<UInt64>

    init(idleSince: NIODeadline) {
        state = Atomic(idleSince.uptimeNanoseconds)
    }

    /// ``busy``, or the monotonic time (ns) at which the connection began waiting for a request.
    var idleSince: UInt64 { state.load(ordering: .relaxed) }

    func markBusy() { state.store(Self.busy, ordering: .relaxed) }

    func markIdle(at time: NIODeadline) { state.store(min(time.uptimeNanoseconds, Self.busy - 1), ordering: .relaxed) }
}

/// Per connection: closes it when a complete request does not arrive within the request timeout,
/// and registers it with the ``ConnectionRegistry`` that enforces the connection cap.
///
/// Hummingbird's own idle timeout stops counting once a request head arrives, so a client could
/// hold a connection forever by sending headers and then a body byte by byte; this one stops only
/// when the whole request has arrived, and starts again after each response.
///
/// A request costs a clock read and two stores: the timer is not rescheduled per request. It fires
/// at the deadline of the wait it was armed for and then looks at the current wait, closing the
/// connection when that one has run out and re-arming itself for it otherwise.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let registry: ConnectionRegistry
    private let timeout: TimeAmount
    private let activity = ConnectionActivity(idleSince: .now())
    private var timer: Scheduled<Void>?
    /// When the connection began waiting for the current request; `nil` while one is being answered.
    private var waitingSince: NIODeadline? = .now()
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
        deactivate(context)
    }

    func channelActive(context: ChannelHandlerContext) {
        activate(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deactivate(context)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            answered = false
        case .end where !answered:
            waitingSince = nil
            activity.markBusy()
        default:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            answered = true
            let now = NIODeadline.now()
            waitingSince = now
            activity.markIdle(at: now)
            if timer == nil { arm(context, at: now + timeout) }
        }
        context.write(data, promise: promise)
    }

    private func activate(_ context: ChannelHandlerContext) {
        guard !registered else { return }
        registered = true
        let now = NIODeadline.now()
        waitingSince = now
        activity.markIdle(at: now)
        if let victim = registry.opened(context.channel, activity: activity) {
            if victim === context.channel { registered = false }
            // Closed a moment later, not at once: the victim (this channel included) may still be being
            // set up, and a child channel closed before the server's accept loop has taken it is dropped
            // with its NIOAsyncWriter unfinished, which traps (swift-nio#2813).
            victim.eventLoop.scheduleTask(in: .milliseconds(50)) { victim.close(promise: nil) }
        }
        arm(context, at: now + timeout)
    }

    private func deactivate(_ context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        if registered {
            registered = false
            registry.closed(context.channel)
        }
    }

    private func arm(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        timer?.cancel()
        let loop = context.eventLoop.assumeIsolated()
        let channel = context.channel
        timer = loop.scheduleTask(deadline: deadline) { [self] in
            timer = nil
            // Answering a request: the next response arms the timer again.
            guard let since = waitingSince else { return }
            let expiry = since + timeout
            if NIODeadline.now() >= expiry {
                channel.close(promise: nil)
            } else {
                arm(context, at: expiry)
            }
        }
    }
}
