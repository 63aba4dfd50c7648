import HandlerKit

extension RouteTable {
    /// Feedback messages: signed-in users write them, admins read and delete them (R28–R31).
    static func feedback(_ deps: AppDependencies) -> [Route] {
        let repos = deps.repositories
        return [
            Route(
                "GET", "/api/v1/feedback", auth: .feedback(.admin),
                handler: ListFeedbackHandler(feedback: repos.feedback)),
            Route(
                "POST", "/api/v1/feedback", auth: .feedback(.user), headers: Route.strictTransport,
                handler: SubmitFeedbackHandler(
                    feedback: repos.feedback, limiter: RequestLimiter(store: repos.rateLimits))),
            Route(
                "PUT", "/api/v1/feedback/:id/read", auth: .feedback(.admin),
                handler: MarkFeedbackReadHandler(feedback: repos.feedback)),
            Route(
                "DELETE", "/api/v1/feedback/:id", auth: .feedback(.admin),
                handler: DeleteFeedbackHandler(feedback: repos.feedback)),
        ]
    }
}
