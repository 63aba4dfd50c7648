import Foundation
import RecordsCore

/// A named limit: at most `limit` events per `window` for one key, answered with `message`.
public struct RateRule: Sendable {
    /// Prefix of the stored key (`login`, `register`, …), joined with the client address or user id.
    public var name: String
    public var limit: Int
    public var window: Duration
    /// The 429 body's message, under the route's error key.
    public var message: String

    public init(name: String, limit: Int, window: Duration, message: String) {
        self.name = name
        self.limit = limit
        self.window = window
        self.message = message
    }

    /// Failed logins per client address: 5 per 5 minutes (successes are not counted).
    public static let login = RateRule(
        name: "login", limit: 5, window: .seconds(300), message: "Too many login attempts. Please try again later.")
    /// Failed logins per account, from addresses the account has no live session from: 10 per
    /// 15 minutes. Addresses with a live session of the account are not held by it, so an attacker
    /// spending it cannot keep the owner out from where they usually sign in (docs/security.md).
    public static let loginAccount = RateRule(
        name: "login_account", limit: 10, window: .seconds(900),
        message: "Too many login attempts. Please try again later.")
    /// Registrations per client address: 3 per 5 minutes.
    public static let register = RateRule(
        name: "register", limit: 3, window: .seconds(300),
        message: "Too many registration attempts. Please try again later.")
    /// Display-name lookups (R14) per user: 10 per minute; each may spend up to ten OAuth calls.
    public static let accountNames = RateRule(
        name: "account_names", limit: 10, window: .seconds(60),
        message: "Too many lookups. Please try again later.")
    /// Trackmania identity checks (R16) per user: 10 per minute; each spends an OAuth call.
    public static let tmUsernameVerify = RateRule(
        name: "tm_username_verify", limit: 10, window: .seconds(60),
        message: "Too many verification attempts. Please try again later.")
    /// TMX user searches per client address: 20 per minute.
    public static let userSearch = RateRule(
        name: "user_search", limit: 20, window: .seconds(60),
        message: "Too many search requests. Please try again later.")
}

/// Applies ``RateRule``s over the database-backed logs, so every instance shares one count.
public struct RequestLimiter: Sendable {
    private let store: any RateLimitRepository

    public init(store: any RateLimitRepository) {
        self.store = store
    }

    /// Counts this request and refuses it with 429 when the rule's budget is spent.
    /// - Throws: ``HandlerError`` 429 with `Retry-After`.
    public func consume(_ rule: RateRule, key: String, now: Date) async throws {
        guard try await store.consume(key: "\(rule.name):\(key)", limit: rule.limit, window: rule.window, now: now)
        else { throw Self.refusal(rule) }
    }

    /// A counted attempt that can be given back (see ``reserve(_:key:now:)``).
    public struct Reservation: Sendable {
        let id: Int64
    }

    /// Counts this attempt before the work it guards runs, refusing with 429 when the budget is
    /// spent; atomic across parallel requests and instances, so a burst can never run more attempts
    /// than the limit. ``release(_:)`` gives the attempt back when it should not count (a login that
    /// succeeded).
    /// - Throws: ``HandlerError`` 429 with `Retry-After`.
    public func reserve(_ rule: RateRule, key: String, now: Date) async throws -> Reservation {
        guard
            let id = try await store.reserve(
                key: "\(rule.name):\(key)", limit: rule.limit, window: rule.window, now: now)
        else { throw Self.refusal(rule) }
        return Reservation(id: id)
    }

    /// Gives back a reserved attempt.
    public func release(_ reservation: Reservation) async throws {
        try await store.release(id: reservation.id)
    }

    /// Refuses with 429 when `limit` events were already recorded, without recording this one.
    /// Not atomic with the work that follows: prefer ``reserve(_:key:now:)`` for anything costly.
    public func check(_ rule: RateRule, key: String, now: Date) async throws {
        let count = try await store.count(key: "\(rule.name):\(key)", window: rule.window, now: now)
        if count >= rule.limit { throw Self.refusal(rule) }
    }

    /// Records one event (a failed login) against the rule.
    public func record(_ rule: RateRule, key: String, now: Date) async throws {
        try await store.record(key: "\(rule.name):\(key)", now: now)
    }

    static func refusal(_ rule: RateRule) -> HandlerError {
        HandlerError(429, rule.message, headers: ["Retry-After": String(rule.window.components.seconds)])
    }
}
