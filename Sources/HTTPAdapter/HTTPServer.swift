import HandlerKit
import Hummingbird
import Logging

/// Builds the Hummingbird application that serves the API.
public enum HTTPServer {
    /// - Parameters:
    ///   - dispatcher: The shared request path.
    ///   - host: The address to bind (`0.0.0.0` in production, `127.0.0.1` in tests).
    ///   - port: The port; 0 picks a free one.
    ///   - trustedProxyHops: See ``EventResponder``.
    ///   - trustedProxies: The proxies whose forwarded headers are believed; see ``ClientAddress``.
    ///   - limits: The request timeout and the connection cap.
    ///   - site: The built frontend served beside the API (`FRONTEND_DIR`), if any.
    ///   - logger: The server's logger.
    ///   - onServerRunning: Called with the bound port once listening.
    /// - Returns: An application to run as a service.
    public static func makeApplication(
        dispatcher: Dispatcher,
        host: String,
        port: Int,
        trustedProxyHops: Int,
        trustedProxies: TrustedProxies = .default,
        limits: ConnectionLimits = ConnectionLimits(),
        site: StaticSite? = nil,
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> Application<EventResponder> {
        let registry = ConnectionRegistry(maximum: limits.maximumConnections)
        let timeout = limits.requestTimeout
        return Application(
            responder: EventResponder(
                dispatcher: dispatcher, trustedProxyHops: trustedProxyHops, trustedProxies: trustedProxies,
                site: site),
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [ConnectionGuard(registry: registry, timeout: timeout)])),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
