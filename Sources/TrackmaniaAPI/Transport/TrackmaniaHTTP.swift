import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import RecordsCore

/// The one path every Trackmania request takes: concurrency permit, rate-limit slot, User-Agent,
/// per-attempt timeout, retries with back-off, `Retry-After` on 429 and one fresh-token retry on 401.
struct TrackmaniaHTTP: Sendable {
    let client: HTTPClient
    let userAgent: String
    let rateLimiter: TrackmaniaRateLimiter
    let concurrency: TrackmaniaConcurrencyLimiter
    let policy: TrackmaniaRetryPolicy
    let logger: Logger
    /// Counts attempts by endpoint and outcome, and retries.
    var metrics: RecordsMetrics = .disabled
    /// Upstream bodies larger than this are refused rather than buffered.
    let maxBodyBytes = 16 * 1024 * 1024

    /// Sends `request` and returns the 2xx response.
    /// - Parameters:
    ///   - request: What to send.
    ///   - auth: The host's token source, or `nil` for unauthenticated hosts (TMX, the login calls).
    /// - Returns: The successful response.
    /// - Throws: ``TrackmaniaError`` (or `CancellationError`).
    func send(_ request: OutboundRequest, auth: (any TokenSource)? = nil) async throws -> InboundResponse {
        var attempt = 0
        var retriedAuthorization = false
        while true {
            attempt += 1
            try Task.checkCancellation()
            let authorization = try await auth?.authorizationHeader()
            let failure: TrackmaniaError
            let retryDelay: Duration?
            do {
                let response = try await attemptOnce(request, authorization: authorization)
                switch response.status {
                case 200..<300:
                    return response
                case 401 where auth != nil && !retriedAuthorization:
                    // The token looked valid to us but not to the upstream (revoked, clock skew):
                    // drop it and try once more with a fresh one, without spending an attempt.
                    if let authorization { await auth?.rejected(authorization: authorization) }
                    retriedAuthorization = true
                    attempt -= 1
                    continue
                case 401, 403:
                    throw TrackmaniaError.unauthorized
                case 404:
                    throw TrackmaniaError.notFound
                case 429:
                    let wait = Self.retryAfter(response.headers) ?? policy.backoff(after: attempt)
                    guard wait <= policy.maxRetryAfter else { throw TrackmaniaError.rateLimited }
                    failure = .rateLimited
                    // Everyone waits: the limiter is shared, so no other caller hammers the host meanwhile.
                    await rateLimiter.pause(for: wait)
                    retryDelay = .zero
                case 500..<600:
                    failure = .httpStatus(response.status)
                    retryDelay = policy.backoff(after: attempt)
                default:
                    throw TrackmaniaError.httpStatus(response.status)
                }
            } catch let error as TrackmaniaError {
                switch error {
                case .timeout, .connectionFailed:
                    failure = error
                    retryDelay = policy.backoff(after: attempt)
                default:
                    throw error
                }
            }
            guard attempt < policy.maxAttempts, let retryDelay else {
                logger.warning(
                    "Trackmania call failed",
                    metadata: ["endpoint": "\(request.endpoint)", "attempts": "\(attempt)", "error": "\(failure)"])
                throw failure
            }
            logger.info(
                "Retrying Trackmania call",
                metadata: [
                    "endpoint": "\(request.endpoint)", "attempt": "\(attempt)", "error": "\(failure)",
                    "delay": "\(retryDelay)",
                ])
            metrics.trackmaniaRetry(endpoint: request.endpoint)
            if retryDelay > .zero { try await Task.sleep(for: retryDelay) }
        }
    }

    /// One attempt under a permit, a rate slot and the timeout.
    private func attemptOnce(_ request: OutboundRequest, authorization: String?) async throws -> InboundResponse {
        // A caller with a pace of its own (the live watcher) pays for every attempt, retries included,
        // before taking a permit, so waiting for its own pace never holds a permit others could use.
        try await UpstreamPriority.lane?.acquireForAttempt()
        await concurrency.acquire()
        do {
            try await rateLimiter.acquire()
            let response = try await withTimeout { try await execute(request, authorization: authorization) }
            await concurrency.release()
            metrics.trackmaniaAttempt(
                endpoint: request.endpoint, outcome: RecordsMetrics.trackmaniaOutcome(status: response.status))
            return response
        } catch {
            await concurrency.release()
            let classified = Self.classify(error)
            metrics.trackmaniaAttempt(
                endpoint: request.endpoint, outcome: RecordsMetrics.trackmaniaOutcome(error: classified))
            throw classified
        }
    }

    private func execute(_ request: OutboundRequest, authorization: String?) async throws -> InboundResponse {
        var outbound = HTTPClientRequest(url: request.url)
        outbound.method = request.method
        outbound.headers.add(name: "User-Agent", value: userAgent)
        outbound.headers.add(name: "Accept", value: "application/json")
        if let authorization { outbound.headers.add(name: "Authorization", value: authorization) }
        for (name, value) in request.headers { outbound.headers.add(name: name, value: value) }
        if let body = request.body { outbound.body = .bytes(body) }
        let response = try await client.execute(outbound, timeout: .nanoseconds(policy.timeout.nanoseconds))
        let body = try await response.body.collect(upTo: maxBodyBytes)
        return InboundResponse(status: Int(response.status.code), headers: response.headers, body: Array(buffer: body))
    }

    /// Runs `operation`, cancelling it when the attempt's time is up (the client's own deadline
    /// stops at the response head; a body that trickles in must not hang the caller).
    private func withTimeout(
        _ operation: @escaping @Sendable () async throws -> InboundResponse
    ) async throws -> InboundResponse {
        let timeout = policy.timeout
        return try await withThrowingTaskGroup(of: InboundResponse?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let response = first else {
                throw TrackmaniaError.timeout
            }
            return response
        }
    }

    /// Maps transport errors to ``TrackmaniaError``; cancellation passes through.
    static func classify(_ error: any Error) -> any Error {
        if error is TrackmaniaError || error is CancellationError { return error }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return TrackmaniaError.timeout
            case .cancelled:
                return CancellationError()
            default:
                return TrackmaniaError.connectionFailed("\(clientError)")
            }
        }
        return TrackmaniaError.connectionFailed("\(error)")
    }

    /// `Retry-After` as delta-seconds or an HTTP date.
    static func retryAfter(_ headers: HTTPHeaders) -> Duration? {
        guard let value = headers.first(name: "Retry-After")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(value), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .seconds(max(0, date.timeIntervalSinceNow))
    }
}
