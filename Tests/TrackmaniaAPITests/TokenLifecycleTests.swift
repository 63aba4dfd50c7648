import FakeTrackmania
import Foundation
import RecordsCore
import Testing
import TrackmaniaAPI

/// Time here is the harness's hand-moved clock, shared by the fake's tokens and the clients: a loaded
/// machine once took longer than a whole token window between two calls (CI, six-second windows), and
/// a window that passes only when the test moves the clock cannot be outrun.
@Suite("Nadeo and OAuth token lifecycle against the fake")
struct TokenLifecycleTests {
    @Test func oneLoginServesManyConcurrentCalls() async throws {
        try await FakeHarness.with { harness in
            _ = try await harness.services.leaderboards.worldTops(mapUids: (0..<30).map { "BIG\($0)" })
            let stats = await harness.stats()
            #expect(stats.count(FakeEndpoint.nadeoLogin) == 1)
            #expect(stats.count(FakeEndpoint.nadeoRefresh) == 0)
            #expect(stats.count(FakeEndpoint.top) == 30)
            let stored = try await harness.tokens.token(provider: "auth", tokenType: "access")
            #expect(stored != nil)
            #expect(try await harness.tokens.token(provider: "auth", tokenType: "refresh") != nil)
        }
    }

    @Test func storedTokensAreSharedWithAnotherInstance() async throws {
        try await FakeHarness.with { harness in
            _ = try await harness.services.leaderboards.top(mapUid: "M1", onlyWorld: true, length: 5, offset: 0)
            _ = try await harness.services.directory.displayNames(accountIds: [TestWorld.accountId(1)])
            let other = harness.secondInstance()
            _ = try await other.leaderboards.top(mapUid: "M2", onlyWorld: true, length: 5, offset: 0)
            _ = try await other.directory.displayNames(accountIds: [TestWorld.accountId(7)])
            let stats = await harness.stats()
            #expect(stats.count(FakeEndpoint.nadeoLogin) == 1)
            #expect(stats.count(FakeEndpoint.oauthToken) == 1)
        }
    }

    @Test func expiryMidRunRefreshesOnceWithoutA401() async throws {
        try await FakeHarness.with { harness in
            await harness.fake.state.setTokenLifetimes(
                .init(accessSeconds: 6.0, refreshAllowedAfterSeconds: 5.9, refreshSeconds: 60, oauthSeconds: 3600))
            let leaderboards = harness.services.leaderboards
            _ = try await leaderboards.top(mapUid: "M1", onlyWorld: true, length: 5, offset: 0)
            harness.clock.advance(seconds: 6.05)
            // Past `exp`: twenty concurrent callers share one refresh.
            _ = try await leaderboards.worldTops(mapUids: (0..<20).map { "BIG\($0)" })
            let stats = await harness.stats()
            #expect(stats.count(FakeEndpoint.nadeoLogin) == 1)
            #expect(stats.count(FakeEndpoint.nadeoRefresh) == 1)
            // No call was answered 401: exactly one top call per map.
            #expect(stats.count(FakeEndpoint.top) == 21)
        }
    }

    @Test func refreshHappensOnceRatIsReached() async throws {
        try await FakeHarness.with { harness in
            await harness.fake.state.setTokenLifetimes(
                .init(accessSeconds: 3600, refreshAllowedAfterSeconds: 6, refreshSeconds: 86400, oauthSeconds: 3600))
            let leaderboards = harness.services.leaderboards
            _ = try await leaderboards.top(mapUid: "M1", onlyWorld: true, length: 5, offset: 0)
            _ = try await leaderboards.top(mapUid: "M1", onlyWorld: true, length: 5, offset: 0)
            #expect(await harness.stats().count(FakeEndpoint.nadeoRefresh) == 0)
            harness.clock.advance(seconds: 6.1)
            // The token is still valid for an hour, but refreshing is allowed now: do it before it is needed.
            await harness.fake.state.setTokenLifetimes(.documented)
            _ = try await leaderboards.top(mapUid: "M1", onlyWorld: true, length: 5, offset: 0)
            _ = try await leaderboards.top(mapUid: "M1", onlyWorld: true, length: 5, offset: 0)
            let stats = await harness.stats()
            #expect(stats.count(FakeEndpoint.nadeoRefresh) == 1)
            #expect(stats.count(FakeEndpoint.nadeoLogin) == 1)
            #expect(stats.count(FakeEndpoint.top) == 4)
            let stored = try await harness.tokens.token(provider: "auth", tokenType: "access")
            #expect(stored?.token.isEmpty == false)
        }
    }

    @Test func failedEarlyRefreshKeepsTheValidTokenWithoutRetryingEveryCall() async throws {
        try await FakeHarness.with { harness in
            await harness.fake.state.setTokenLifetimes(
                .init(accessSeconds: 3600, refreshAllowedAfterSeconds: 0.2, refreshSeconds: 86400, oauthSeconds: 3600))
            let leaderboards = harness.services.leaderboards
            _ = try await leaderboards.top(mapUid: "M1", onlyWorld: true, length: 5, offset: 0)
            harness.clock.advance(seconds: 0.25)
            await harness.fake.state.addFaults([
                FakeFault(endpoint: FakeEndpoint.nadeoRefresh, kind: .status, status: 503)
            ])
            for _ in 0..<3 {
                _ = try await leaderboards.top(mapUid: "M1", onlyWorld: true, length: 5, offset: 0)
            }
            let stats = await harness.stats()
            // One renewal (three attempts), then the current token is used until the cool-down ends.
            #expect(stats.count(FakeEndpoint.nadeoRefresh) == 3)
            #expect(stats.count(FakeEndpoint.nadeoLogin) == 1)
            #expect(stats.count(FakeEndpoint.top) == 4)
        }
    }

    @Test func revokedAccessTokenIsRetriedOnceWithAFreshToken() async throws {
        try await FakeHarness.with { harness in
            let leaderboards = harness.services.leaderboards
            _ = try await leaderboards.top(mapUid: "M1", onlyWorld: true, length: 5, offset: 0)
            await harness.fake.state.revokeTokens(access: true, refresh: false, oauth: false)
            let top = try await leaderboards.top(mapUid: "M1", onlyWorld: true, length: 5, offset: 0)
            #expect(top.worldRecords.count == 5)
            let stats = await harness.stats()
            #expect(stats.count(FakeEndpoint.top) == 3)
            #expect(stats.count(FakeEndpoint.nadeoRefresh) == 1)
            #expect(stats.count(FakeEndpoint.nadeoLogin) == 1)
        }
    }

    @Test func refusedRefreshTokenFallsBackToLogin() async throws {
        try await FakeHarness.with { harness in
            let leaderboards = harness.services.leaderboards
            _ = try await leaderboards.top(mapUid: "M1", onlyWorld: true, length: 5, offset: 0)
            await harness.fake.state.revokeTokens(access: true, refresh: true, oauth: false)
            _ = try await leaderboards.top(mapUid: "M1", onlyWorld: true, length: 5, offset: 0)
            let stats = await harness.stats()
            #expect(stats.count(FakeEndpoint.nadeoRefresh) == 1)
            #expect(stats.count(FakeEndpoint.nadeoLogin) == 2)
        }
    }

    @Test func expiredRefreshTokenGoesStraightToLogin() async throws {
        try await FakeHarness.with { harness in
            await harness.fake.state.setTokenLifetimes(
                .init(accessSeconds: 6, refreshAllowedAfterSeconds: 4, refreshSeconds: 6, oauthSeconds: 3600))
            _ = try await harness.services.leaderboards.top(mapUid: "M1", onlyWorld: true, length: 5, offset: 0)
            harness.clock.advance(seconds: 6.1)
            _ = try await harness.services.leaderboards.top(mapUid: "M1", onlyWorld: true, length: 5, offset: 0)
            let stats = await harness.stats()
            #expect(stats.count(FakeEndpoint.nadeoRefresh) == 0)
            #expect(stats.count(FakeEndpoint.nadeoLogin) == 2)
        }
    }

    @Test func wrongCredentialsAreUnauthorized() async throws {
        try await FakeHarness.with(
            configure: {
                $0.nadeoBasicAuthorization = Data("demo:wrong".utf8).base64EncodedString()
            },
            body: {
                harness in
                await #expect(throws: TrackmaniaError.unauthorized) {
                    try await harness.services.leaderboards.top(mapUid: "M1", onlyWorld: true, length: 5, offset: 0)
                }
                #expect(await harness.stats().count(FakeEndpoint.nadeoLogin) == 1)
            })
    }

    @Test func oauthTokenIsRenewedFromExpiresIn() async throws {
        try await FakeHarness.with { harness in
            await harness.fake.state.setTokenLifetimes(
                .init(accessSeconds: 3600, refreshAllowedAfterSeconds: 1800, refreshSeconds: 86400, oauthSeconds: 6))
            _ = try await harness.services.directory.displayNames(accountIds: [TestWorld.accountId(1)])
            _ = try await harness.services.directory.displayNames(accountIds: [TestWorld.accountId(2)])
            #expect(await harness.stats().count(FakeEndpoint.oauthToken) == 1)
            harness.clock.advance(seconds: 6.1)
            _ = try await harness.services.directory.accountIds(displayNames: ["Driver10"])
            let stats = await harness.stats()
            #expect(stats.count(FakeEndpoint.oauthToken) == 2)
            // Renewed before use, so no request was refused.
            #expect(stats.count(FakeEndpoint.accountIds) == 1)
        }
    }

    @Test func missingCredentialsAreReportedNotSent() async throws {
        try await FakeHarness.with(
            configure: { $0.oauthClientSecret = nil },
            body: { harness in
                await #expect(throws: TrackmaniaError.notConfigured("OCLIENT_SECRET")) {
                    try await harness.services.directory.displayNames(accountIds: [TestWorld.accountId(1)])
                }
                #expect(await harness.stats().count(FakeEndpoint.oauthToken) == 0)
            })
    }
}
