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
    ///   - logger: The server's logger.
    ///   - onServerRunning: Called with the bound port once listening.
    /// - Returns: An application to run as a service.
    public static func makeApplication(
        dispatcher: Dispatcher,
        host: String,
        port: Int,
        trustedProxyHops: Int,
        logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> Application<EventResponder> {
        Application(
            responder: EventResponder(dispatcher: dispatcher, trustedProxyHops: trustedProxyHops),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
