import RecordsCore

/// How handlers answer when a Trackmania service fails: the client did nothing wrong and may
/// retry, so 503 with a plain message (never the upstream's own text), under the route's key.
enum UpstreamFailure {
    static func response(_ error: TrackmaniaError, service: String) -> HandlerError {
        switch error {
        case .rateLimited:
            HandlerError(503, "\(service) is busy, please try again shortly", headers: ["Retry-After": "30"])
        default:
            HandlerError(503, "\(service) is unavailable, please try again later")
        }
    }
}
