import HandlerKit

extension RouteTable {
    /// A mapper's newest times, searched in the background by the map-search worker (R3, R4).
    /// Both routes need a signed-in caller (the original left R3 and R4 open).
    static func mapSearch(_ deps: AppDependencies) -> [Route] {
        let repos = deps.repositories
        let limiter = RequestLimiter(store: repos.rateLimits)
        let worker = deps.watching.mapSearchWorker
        // With MAP_SEARCH_QUEUE_URL the job goes to SQS (the Lambda worker function); otherwise this
        // instance's worker is woken.
        let queue = deps.mapSearchQueue
        return [
            Route(
                "GET", "/api/v1/users/maps", auth: .user,
                handler: StartMapSearchHandler(
                    jobs: repos.mapSearchJobs, limiter: limiter, limits: deps.config.mapSearch.limits,
                    jobQueued: { job in
                        if let queue { await queue.announce(job) } else { worker.jobQueued() }
                    })),
            Route(
                "GET", "/api/v1/users/maps/status/:jobId", auth: .user,
                handler: MapSearchStatusHandler(jobs: repos.mapSearchJobs, limiter: limiter)),
        ]
    }
}
