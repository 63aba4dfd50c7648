import Logging
import Push
import PushTestServers

/// Fake Discord and ntfy on loopback with a transport pointed at them: the one way tests start the
/// fake push server (the push tests, the daily run's push phase).
public enum FakePushHarness {
    /// Runs `body` with the fakes and a transport without pacing, then shuts both down, also when
    /// `body` throws.
    /// - Parameters:
    ///   - logger: For the fakes and the transport.
    ///   - requestTimeout: How long the transport waits for one answer.
    ///   - maxInlineRetryAfter: The longest `Retry-After` the transport waits out in place.
    ///   - body: The test.
    public static func with(
        logger: Logger, requestTimeout: Duration = .seconds(5), maxInlineRetryAfter: Duration,
        _ body: (RunningFakePush, HTTPPushTransport) async throws -> Void
    ) async throws {
        let fake = try await FakePushServer.start(logger: logger)
        let transport = HTTPPushTransport(
            configuration: fake.configuration(requestTimeout: requestTimeout, maxInlineRetryAfter: maxInlineRetryAfter),
            logger: logger)
        do {
            try await body(fake, transport)
        } catch {
            try? await transport.shutdown()
            await fake.stop()
            throw error
        }
        try await transport.shutdown()
        await fake.stop()
    }
}

extension RunningFakePush {
    /// Push settings that post to these fakes without pacing.
    public func configuration(
        requestTimeout: Duration = .seconds(5), maxInlineRetryAfter: Duration = .seconds(5)
    ) -> PushConfiguration {
        PushConfiguration(
            discordBaseURL: discordAPIURL, ntfyBaseURL: ntfyURL, discordInterval: .zero, ntfyInterval: .zero,
            requestTimeout: requestTimeout, maxInlineRetryAfter: maxInlineRetryAfter)
    }
}
