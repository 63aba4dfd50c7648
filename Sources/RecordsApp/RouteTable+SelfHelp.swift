import HandlerKit

extension RouteTable {
    /// Self-help by email, under the preference site's prefix (the proxy already forwards
    /// `/preferences/*`): a fresh preference link, a password reset, address confirmation
    /// (docs/accounts.md, docs/preferences.md). Listed before the preference page, whose
    /// `/preferences/:token` would otherwise take `new-link` and `password-reset` for tokens.
    static func selfHelp(_ deps: AppDependencies) -> [Route] {
        guard let outbox = deps.selfHelp else { return [] }
        let repos = deps.repositories
        let links = outbox.mailer.links
        let limiter = RequestLimiter(store: repos.rateLimits)
        let headers = PreferencePage.headers
        return [
            Route(
                "GET", "/preferences/new-link", headers: headers,
                handler: MailRequestPageHandler(.link, links: links)),
            Route(
                "POST", "/preferences/new-link", headers: headers,
                handler: RequestMailHandler(.link, outbox: outbox, limiter: limiter)),
            Route(
                "GET", "/preferences/password-reset", headers: headers,
                handler: MailRequestPageHandler(.passwordReset, links: links)),
            Route(
                "POST", "/preferences/password-reset", headers: headers,
                handler: RequestMailHandler(.passwordReset, outbox: outbox, limiter: limiter)),
            Route(
                "GET", "/preferences/password-reset/:token", headers: headers,
                handler: PasswordResetPageHandler(links: links, repository: repos.selfHelp)),
            Route(
                "POST", "/preferences/password-reset/:token", headers: headers,
                handler: ResetPasswordHandler(
                    links: links, repository: repos.selfHelp, sessions: repos.sessions, hasher: deps.hasher,
                    limiter: limiter)),
            Route(
                "GET", "/preferences/confirm-email/:token", headers: headers,
                handler: ConfirmEmailPageHandler(outbox: outbox)),
            Route(
                "POST", "/preferences/confirm-email/:token", headers: headers,
                handler: ConfirmEmailHandler(outbox: outbox)),
        ]
    }
}
