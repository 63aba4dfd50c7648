import Foundation
import RecordsCore
import Testing

@Suite("Login limits against a running server")
struct LoginLimitTests {
    static let login = "/api/v1/users/login"

    static func credentials(_ email: String, _ password: String) -> JSONValue {
        .object(JSONObject([("email", .string(email)), ("password", .string(password))]))
    }

    @Test(
        "200 parallel wrong-password logins from one address run no more bcrypt checks than the limit",
        arguments: Store.allCases)
    func parallelBurst(store: Store) async throws {
        try await ServerHarness.with(store) { harness in
            _ = try await harness.makeUser("victim", password: "correct-horse-1")
            try await harness.serving { port in
                try await HTTPPoster.with { poster in
                    let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                        for _ in 0..<200 {
                            group.addTask {
                                try await poster.post(
                                    port: port, path: Self.login,
                                    json: Self.credentials("victim@example.com", "wrong-password"),
                                    forwardedFor: "198.51.100.20"
                                ).0
                            }
                        }
                        return try await group.reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
                    }
                    // Each 401 is one bcrypt check; every other attempt was refused before checking.
                    #expect(statuses[401] == 5)
                    #expect(statuses[429] == 195)
                    #expect(statuses.keys.allSatisfy { $0 == 401 || $0 == 429 })
                    // The address stays limited, even with the right password.
                    let (status, body) = try await poster.post(
                        port: port, path: Self.login, json: Self.credentials("victim@example.com", "correct-horse-1"),
                        forwardedFor: "198.51.100.20")
                    #expect(status == 429)
                    #expect(body.value(at: "msg") == .string("Too many login attempts. Please try again later."))
                }
            }
        }
    }

    @Test("a client reaching the port directly cannot rotate its address through X-Forwarded-For")
    func spoofedAddressesShareOneBudget() async throws {
        // Loopback is no proxy here, so the test client is a direct client.
        try await ServerHarness.with(.sqlite, environment: ["TRUSTED_PROXIES": "192.0.2.250"]) { harness in
            _ = try await harness.makeUser("rotor", password: "correct-horse-1")
            try await harness.serving { port in
                try await HTTPPoster.with { poster in
                    var statuses: [Int] = []
                    for attempt in 0..<8 {
                        statuses.append(
                            try await poster.post(
                                port: port, path: Self.login,
                                json: Self.credentials("rotor@example.com", "wrong-password"),
                                forwardedFor: "203.0.113.\(attempt + 1)"
                            ).0)
                    }
                    #expect(statuses == [401, 401, 401, 401, 401, 429, 429, 429])
                }
            }
        }
    }

    @Test(
        "the per-account limit holds attackers, never the owner at an address it is signed in from",
        arguments: Store.allCases)
    func accountLimitAndUnlock(store: Store) async throws {
        try await ServerHarness.with(store) { harness in
            _ = try await harness.makeUser("owner", password: "correct-horse-1")
            let right = Self.credentials("owner@example.com", "correct-horse-1")
            let wrong = Self.credentials("owner@example.com", "wrong-password")
            #expect(await harness.call("POST", Self.login, body: right, sourceIP: "192.0.2.1").status == 200)
            // Ten failures from ten addresses spend the account's budget; then it answers 429.
            var statuses: [Int] = []
            for host in 1...12 {
                statuses.append(
                    await harness.call("POST", Self.login, body: wrong, sourceIP: "203.0.113.\(host)").status)
            }
            #expect(statuses == Array(repeating: 401, count: 10) + [429, 429])
            // The owner, where it is signed in, is not held by the attack.
            #expect(await harness.call("POST", Self.login, body: right, sourceIP: "192.0.2.1").status == 200)
            // A new address waits for the window (15 minutes) like the attacker.
            #expect(await harness.call("POST", Self.login, body: right, sourceIP: "192.0.2.77").status == 429)
            // An unknown account is limited the same way, so a 429 does not tell who exists.
            let nobody = Self.credentials("nobody@example.com", "whatever-pass")
            var unknown: [Int] = []
            for host in 1...11 {
                unknown.append(
                    await harness.call("POST", Self.login, body: nobody, sourceIP: "198.51.100.\(host)").status)
            }
            #expect(unknown == Array(repeating: 401, count: 10) + [429])
        }
    }

    @Test("the account window ends: after 15 minutes the owner signs in from anywhere")
    func accountWindowEnds() async throws {
        let clock = MovableClock()
        try await ServerHarness.with(.sqlite, clock: clock) { harness in
            _ = try await harness.makeUser("patient", password: "correct-horse-1")
            let wrong = Self.credentials("patient@example.com", "wrong-password")
            for host in 1...11 {
                _ = await harness.call("POST", Self.login, body: wrong, sourceIP: "203.0.113.\(host)")
            }
            let right = Self.credentials("patient@example.com", "correct-horse-1")
            #expect(await harness.call("POST", Self.login, body: right, sourceIP: "192.0.2.5").status == 429)
            clock.advance(by: 901)
            #expect(await harness.call("POST", Self.login, body: right, sourceIP: "192.0.2.5").status == 200)
        }
    }

    @Test("registration stays limited per address under a parallel burst", arguments: Store.allCases)
    func registrationBurst(store: Store) async throws {
        try await ServerHarness.with(store) { harness in
            let statuses = await withTaskGroup(of: Int.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        await harness.call(
                            "POST", "/api/v1/users/register",
                            body: .object(
                                JSONObject([
                                    ("email", .string("burst\(index)@example.com")),
                                    ("username", .string("burst\(index)")),
                                    ("password", .string("long-enough-1")),
                                ])), sourceIP: "198.51.100.9"
                        ).status
                    }
                }
                return await group.reduce(into: [Int: Int]()) { $0[$1, default: 0] += 1 }
            }
            #expect(statuses[201] == 3)
            #expect(statuses[429] == 17)
        }
    }

    @Test("Trackmania lookups of the account routes are limited per user")
    func trackmaniaLookups() async throws {
        try await ServerHarness.with(.sqlite) { harness in
            _ = try await harness.makeUser("looker", password: "correct-horse-1")
            let tokens = try await SessionTokenTests.login(harness, "looker")
            let lookups: [(String, JSONValue)] = [
                ("/api/v1/users/tm-username", .object(JSONObject([("tmUsername", .string("nobody-here"))]))),
                ("/api/v1/users/accountNames", .object(JSONObject([("accountIds", .array([.string("not-an-id")]))]))),
            ]
            for (path, body) in lookups {
                var statuses: [Int] = []
                for _ in 0..<11 {
                    statuses.append(await harness.call("POST", path, body: body, bearer: tokens.access).status)
                }
                #expect(statuses.prefix(10).allSatisfy { $0 != 429 }, "\(path): \(statuses)")
                #expect(statuses.last == 429, "\(path)")
            }
        }
    }
}
