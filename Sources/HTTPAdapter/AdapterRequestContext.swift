import Hummingbird
import NIOCore

/// The Hummingbird request context of the adapter: the core storage plus the peer address,
/// which the trusted-proxy rule needs.
public struct AdapterRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The address of the TCP peer (the nearest proxy, or the client itself).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }
}
