import Foundation
import RecordsCore
import Testing

@Suite("Sessions and tokens")
struct SessionTokenTests {
    static func login(_ harness: ServerHarness, _ name: String) async throws -> (access: String, refresh: String) {
        let response = await harness.call(
            "POST", "/api/v1/users/login",
            body: .object(
                JSONObject([("email", .string("\(name)@example.com")), ("password", .string("correct-horse-1"))])))
        #expect(response.status == 200)
        #expect(response.headers["Cache-Control"] == "no-store")
        return (
            try #require(response.body.value(at: "access_token")?.stringValue),
            try #require(response.body.value(at: "refresh_token")?.stringValue)
        )
    }

    static func refresh(_ harness: ServerHarness, _ token: String) async -> (status: Int, refresh: String?) {
        let response = await harness.call(
            "POST", "/api/v1/users/refresh", body: .object(JSONObject([("refresh_token", .string(token))])))
        if response.status == 200 { #expect(response.headers["Cache-Control"] == "no-store") }
        return (response.status, response.body.value(at: "refresh_token")?.stringValue)
    }

    static func profile(_ harness: ServerHarness, _ access: String) async -> Int {
        await harness.call("GET", "/api/v1/users/profile", bearer: access).status
    }

    @Test(
        "refresh tokens rotate; concurrent reuse within the grace window works; later reuse revokes the session",
        arguments: Store.allCases)
    func rotation(store: Store) async throws {
        let clock = MovableClock()
        try await ServerHarness.with(store, clock: clock) { harness in
            _ = try await harness.makeUser("rota", password: "correct-horse-1")
            let first = try await Self.login(harness, "rota")
            // The frontend's parallel refreshes with one token all succeed.
            let results = await withTaskGroup(of: (Int, String?).self) { group in
                for _ in 0..<3 { group.addTask { await Self.refresh(harness, first.refresh) } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.map(\.0) == [200, 200, 200])
            // Every token they answered belongs to the current generation and works.
            let second = try #require(results.last?.1)
            clock.advance(by: 5)
            let third = await Self.refresh(harness, second)
            #expect(third.status == 200)
            // The first token is now two generations old: reuse revokes the whole session.
            #expect(await Self.refresh(harness, first.refresh).status == 401)
            let thirdToken = try #require(third.refresh)
            #expect(await Self.refresh(harness, thirdToken).status == 401)
            #expect(await Self.profile(harness, first.access) == 401)
        }
    }

    @Test("the previous token after the grace window revokes the session", arguments: Store.allCases)
    func graceWindowEnds(store: Store) async throws {
        let clock = MovableClock()
        try await ServerHarness.with(store, clock: clock) { harness in
            _ = try await harness.makeUser("late", password: "correct-horse-1")
            let first = try await Self.login(harness, "late")
            let rotated = await Self.refresh(harness, first.refresh)
            #expect(rotated.status == 200)
            clock.advance(by: 31)
            #expect(await Self.refresh(harness, first.refresh).status == 401)
            let rotatedToken = try #require(rotated.refresh)
            #expect(await Self.refresh(harness, rotatedToken).status == 401)
        }
    }

    @Test("a session not refreshed for the idle time ends", arguments: Store.allCases)
    func idleExpiry(store: Store) async throws {
        let clock = MovableClock()
        try await ServerHarness.with(store, environment: ["SESSION_IDLE_TIMEOUT": "3600"], clock: clock) { harness in
            _ = try await harness.makeUser("idle", password: "correct-horse-1")
            let tokens = try await Self.login(harness, "idle")
            clock.advance(by: 1800)
            let kept = await Self.refresh(harness, tokens.refresh)
            #expect(kept.status == 200)
            clock.advance(by: 3601)
            let ended = await harness.call(
                "POST", "/api/v1/users/refresh",
                body: .object(JSONObject([("refresh_token", .string(try #require(kept.refresh)))])))
            #expect(ended.status == 401)
            #expect(ended.body.value(at: "msg") == .string("Refresh token expired"))
        }
    }

    @Test("logout with an access token ends its session; so does the bearer alone", arguments: Store.allCases)
    func logoutWithAccessToken(store: Store) async throws {
        try await ServerHarness.with(store) { harness in
            _ = try await harness.makeUser("leaver", password: "correct-horse-1")
            let first = try await Self.login(harness, "leaver")
            #expect(await Self.profile(harness, first.access) == 200)
            let out = await harness.call(
                "POST", "/api/v1/users/logout", body: .object(JSONObject([("refresh_token", .string(first.access))])))
            #expect(out.status == 200)
            #expect(await Self.profile(harness, first.access) == 401)
            #expect(await Self.refresh(harness, first.refresh).status == 401)

            let second = try await Self.login(harness, "leaver")
            let byHeader = await harness.call("POST", "/api/v1/users/logout", bearer: second.access)
            #expect(byHeader.status == 200)
            #expect(await Self.profile(harness, second.access) == 401)
        }
    }

    /// The list routes may reuse a recent session check (`SESSION_CHECK_REUSE_MS`), but a logout
    /// through this instance ends their access at once, as it does the profile's.
    @Test("the list routes forget a logged-out session at once", arguments: Store.allCases)
    func listRoutesAfterLogout(store: Store) async throws {
        try await ServerHarness.with(store, environment: ["SESSION_CHECK_REUSE_MS": "60000"]) { harness in
            _ = try await harness.makeUser("reader", password: "correct-horse-1")
            let session = try await Self.login(harness, "reader")
            let lists = ["/api/v1/users/alerts", "/api/v1/driver/notifications", "/api/v1/notification-history"]
            for path in lists {
                #expect(await harness.call("GET", path, bearer: session.access).status == 200)
            }
            let out = await harness.call("POST", "/api/v1/users/logout", bearer: session.access)
            #expect(out.status == 200)
            for path in lists {
                #expect(await harness.call("GET", path, bearer: session.access).status == 401, "\(path)")
            }
        }
    }
}
