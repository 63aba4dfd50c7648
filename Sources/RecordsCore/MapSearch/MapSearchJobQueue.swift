/// Where a newly queued map-search job is announced. Without one, this instance's worker is woken
/// (`serve`); on AWS Lambda an SQS queue carries the job id to the worker function. The job row is
/// written before the announcement, so a failed announcement loses nothing: the job waits in the
/// database queue for the next worker pass (a `serve` instance or a scheduled tick).
public protocol MapSearchJobQueue: Sendable {
    /// Announces `job`; failures are logged by the implementation, never thrown to the request.
    func announce(_ job: MapSearchJob) async
}
