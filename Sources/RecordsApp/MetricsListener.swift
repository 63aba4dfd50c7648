import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The `METRICS_PORT` listener: `GET /metrics` without a token, bound to 127.0.0.1 only, so it is
/// reachable from the host (a local scraper or agent) but never from the network.
public enum MetricsListener {
    /// The loopback application serving `metrics`.
    /// - Parameters:
    ///   - metrics: The registry to render.
    ///   - port: The port on 127.0.0.1 (0 picks a free one, for tests).
    ///   - logger: The root logger.
    ///   - onServerRunning: Called with the bound port once listening.
    public static func makeApplication(
        metrics: AppMetrics, port: Int, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            let buffer = ByteBuffer(bytes: metrics.registry.emitToBuffer())
            // The same media type as HandlerKit's MetricsHandler (the text format, version 0.0.4).
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: buffer))
        }
        return Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}

extension MetricsListener {
    /// The loopback listener as a service when `METRICS_PORT` is set, else nothing.
    static func services(
        config: MetricsConfig, metrics: AppMetrics, logger: Logger
    ) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        guard let port = config.port else { return [] }
        let app = makeApplication(
            metrics: metrics, port: port, logger: logger,
            onServerRunning: { bound in
                logger.info("metrics listening on loopback", metadata: ["port": .stringConvertible(bound)])
            })
        return [.init(service: app)]
    }
}
