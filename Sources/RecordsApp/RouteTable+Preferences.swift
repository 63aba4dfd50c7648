import HandlerKit

extension RouteTable {
    /// The preference page reached from every digest, and its one-click unsubscribe (docs/preferences.md).
    static func preferences(_ deps: AppDependencies) -> [Route] {
        guard let links = deps.preferenceLinks else { return [] }
        let repos = deps.repositories
        let headers = PreferencePage.headers
        var unsubscribe = Route(
            "POST", "/preferences/:token/unsubscribe", headers: headers,
            handler: OneClickUnsubscribeHandler(links: links, users: repos.users, preferences: repos.preferences))
        unsubscribe.parsesBody = false
        return [
            Route(
                "GET", "/preferences/:token", headers: headers,
                handler: GetPreferencesHandler(
                    links: links, users: repos.users, preferences: repos.preferences, channels: repos.pushChannels,
                    pushConfigured: deps.pushTransport != nil, selfHelp: deps.selfHelp?.mailer.links)),
            Route(
                "POST", "/preferences/:token", headers: headers,
                handler: UpdatePreferencesHandler(
                    links: links, users: repos.users, preferences: repos.preferences, channels: repos.pushChannels,
                    transport: deps.pushTransport, limiter: RequestLimiter(store: repos.rateLimits),
                    selfHelp: deps.selfHelp?.mailer.links,
                    confirmations: deps.config.selfHelp.emailConfirmation ? repos.selfHelp : nil)),
            unsubscribe,
            Route(
                "GET", "/preferences/:token/unsubscribe", headers: headers,
                handler: UnsubscribeLandingHandler()),
        ]
    }
}
