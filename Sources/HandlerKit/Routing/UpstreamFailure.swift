import RecordsCore

/// How the ``Dispatcher`` answers when a Trackmania service fails: the client did nothing wrong
/// and may retry, so 503 with a plain message (never the upstream's own text) under the route's key.
///
/// Handlers therefore catch a ``TrackmaniaError`` only when they translate one case into something
/// else (e.g. `notFound` into the route's own 404); everything else reaches the dispatcher.
enum UpstreamFailure {
    /// Seconds a client should wait after the upstream rate-limited us.
    static let retryAfterSeconds = 30

    static func response(_ error: TrackmaniaError) -> HandlerError {
        switch error {
        case .rateLimited:
            HandlerError(
                503, "Trackmania services are busy, please try again shortly",
                headers: ["Retry-After": String(retryAfterSeconds)])
        case .timeout:
            HandlerError(503, "Trackmania services did not answer in time, please try again later")
        default:
            HandlerError(503, "Trackmania services are unavailable, please try again later")
        }
    }
}
