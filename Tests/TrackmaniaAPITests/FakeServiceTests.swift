import AsyncHTTPClient
import FakeTrackmania
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// The fake's own rules and control API, checked over raw HTTP (no recordsw client in between).
@Suite("Fake Trackmania service rules")
struct FakeServiceTests {
    private struct Raw {
        let fake: RunningFakeTrackmania

        func call(
            _ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: String? = nil
        ) async throws -> (status: Int, json: Any?, headers: HTTPHeaders) {
            var request = HTTPClientRequest(url: fake.baseURL + path)
            request.method = method
            request.headers.add(name: "User-Agent", value: "raw-test")
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let body { request.body = .bytes(ByteBuffer(string: body)) }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            let bytes = try await response.body.collect(upTo: 1 << 22)
            let json = try? JSONSerialization.jsonObject(
                with: Data(bytes.readableBytesView), options: [.fragmentsAllowed])
            return (Int(response.status.code), json, response.headers)
        }

        func liveToken() async throws -> String {
            let basic = Data("demo-service-account:demo-password".utf8).base64EncodedString()
            let login = try await call(
                .POST, "/core/v2/authentication/token/basic", headers: [("Authorization", "Basic \(basic)")],
                body: #"{"audience":"NadeoLiveServices"}"#)
            return try #require((login.json as? [String: Any])?["accessToken"] as? String)
        }

        func oauthToken() async throws -> String {
            let grant = try await call(
                .POST, "/oauth/api/access_token", headers: [("Content-Type", "application/x-www-form-urlencoded")],
                body: "grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret")
            #expect((grant.json as? [String: Any])?["expires_in"] as? Int == 3600)
            return try #require((grant.json as? [String: Any])?["access_token"] as? String)
        }
    }

    private func withRaw(_ body: (Raw) async throws -> Void) async throws {
        let fake = try await FakeTrackmaniaServer.start(world: TestWorld.world)
        do {
            try await body(Raw(fake: fake))
            await fake.stop()
        } catch {
            await fake.stop()
            throw error
        }
    }

    @Test func tokensAreDecodableJWTsWithDocumentedClaims() async throws {
        try await withRaw { raw in
            let token = try await raw.liveToken()
            let parts = token.split(separator: ".")
            #expect(parts.count == 3)
            var payload = parts[1].replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            payload += String(repeating: "=", count: (4 - payload.count % 4) % 4)
            let data = try #require(Data(base64Encoded: payload))
            let claims = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let iat = try #require(claims["iat"] as? Int)
            #expect(claims["exp"] as? Int == iat + 3600)
            #expect(claims["rat"] as? Int == iat + 1800)
            #expect(claims["aud"] as? String == "NadeoLiveServices")
            #expect(claims["rtk"] as? Bool == false)
        }
    }

    @Test func leaderboardRules() async throws {
        try await withRaw { raw in
            let auth = [("Authorization", "nadeo_v1 t=\(try await raw.liveToken())")]
            let unauthorized = try await raw.call(.GET, "/live/api/token/leaderboard/group/Personal_Best/map/M1/top")
            #expect(unauthorized.status == 401)
            let badGroup = try await raw.call(.GET, "/live/api/token/leaderboard/group/Nope/map/M1/top", headers: auth)
            #expect(badGroup.status == 200)
            #expect((badGroup.json as? [String: Any])?.isEmpty == true)
            let capped = try await raw.call(
                .GET, "/live/api/token/leaderboard/group/Personal_Best/map/M1/top?onlyWorld=true&length=500",
                headers: auth)
            let tops = try #require((capped.json as? [String: Any])?["tops"] as? [[String: Any]])
            #expect((tops.first?["top"] as? [Any])?.count == 100)
            let defaulted = try await raw.call(
                .GET, "/live/api/token/leaderboard/group/Personal_Best/map/M1/top?onlyWorld=true", headers: auth)
            let defaultTops = try #require((defaulted.json as? [String: Any])?["tops"] as? [[String: Any]])
            #expect((defaultTops.first?["top"] as? [Any])?.count == 5)
        }
    }

    @Test func positionRules() async throws {
        try await withRaw { raw in
            let auth = [
                ("Authorization", "nadeo_v1 t=\(try await raw.liveToken())"), ("Content-Type", "application/json"),
            ]
            let mismatch = try await raw.call(
                .POST, "/live/api/token/leaderboard/group/map?scores%5BM1%5D=1", headers: auth,
                body: #"{"maps":[{"mapUid":"M2","groupUid":"Personal_Best"}]}"#)
            #expect(mismatch.status == 500)
            let maps = (0..<51).map { #"{"mapUid":"BIG\#($0)","groupUid":"Personal_Best"}"# }.joined(separator: ",")
            let query = (0..<51).map { "scores[BIG\($0)]=1" }.joined(separator: "&")
            let tooMany = try await raw.call(
                .POST, "/live/api/token/leaderboard/group/map?\(query)", headers: auth, body: #"{"maps":[\#(maps)]}"#)
            #expect(tooMany.status == 400)
        }
    }

    @Test func oauthAndExchangeRules() async throws {
        try await withRaw { raw in
            let bearer = [("Authorization", "Bearer \(try await raw.oauthToken())")]
            let indexed = try await raw.call(
                .GET, "/oauth/api/display-names?accountId[0]=\(TestWorld.accountId(7))", headers: bearer)
            #expect(indexed.json as? [String: String] == [TestWorld.accountId(7): "Driver7"])
            let tooMany = (0..<51).map { "accountId[]=\(TestWorld.accountId($0))" }.joined(separator: "&")
            #expect(try await raw.call(.GET, "/oauth/api/display-names?\(tooMany)", headers: bearer).status == 400)
            let noFields = try await raw.call(.GET, "/tmx/api/maps?author=MapperOne")
            #expect(noFields.status == 400)
            let page = try await raw.call(.GET, "/tmx/api/maps?author=BigMapper&fields=MapId,Name")
            let results = try #require((page.json as? [String: Any])?["Results"] as? [[String: Any]])
            #expect(results.count == 40)
            #expect(Set(results[0].keys) == ["MapId", "Name"])
            #expect((page.json as? [String: Any])?["More"] as? Bool == true)
        }
    }

    @Test func controlAPIChangesTheWorldAndCountsCalls() async throws {
        try await withRaw { raw in
            let improved = try await raw.call(
                .POST, "/_fake/records", body: #"{"mapUid":"M2","accountId":"\#(TestWorld.accountId(9))","score":1234}"#
            )
            #expect((improved.json as? [String: Any])?["changed"] as? Bool == true)
            #expect(
                try await raw.call(.POST, "/_fake/records", body: #"{"mapUid":"NOPE","accountId":"x","score":1}"#)
                    .status == 404)
            let fault = try await raw.call(
                .POST, "/_fake/faults", body: #"{"endpoint":"tmx.users","kind":"rateLimit","retryAfter":7,"count":1}"#)
            #expect(fault.status == 204)
            let limited = try await raw.call(.GET, "/tmx/api/users?name=mapper&fields=Name,UserId")
            #expect(limited.status == 429)
            #expect(limited.headers.first(name: "Retry-After") == "7")
            #expect(try await raw.call(.GET, "/tmx/api/users?name=mapper&fields=Name,UserId").status == 200)
            let stats = try #require(try await raw.call(.GET, "/_fake/stats").json as? [String: Any])
            #expect((stats["calls"] as? [String: Int])?["tmx.users"] == 2)
            #expect((stats["userAgents"] as? [String: Int])?["raw-test"] == 2)
            let world = try #require(try await raw.call(.GET, "/_fake/world").json as? [String: Any])
            let records = try #require(world["records"] as? [[String: Any]])
            #expect(records.contains { $0["mapUid"] as? String == "M2" && $0["score"] as? Int == 1234 })
        }
    }

    /// `every` faults a steady share of calls (for the soak), and the calls it lets through do not use up `count`.
    @Test func everyNthCallFaults() async throws {
        try await withRaw { raw in
            let fault = try await raw.call(
                .POST, "/_fake/faults",
                body: #"{"endpoint":"tmx.users","kind":"status","status":500,"every":3,"count":2}"#)
            #expect(fault.status == 204)
            var statuses: [Int] = []
            for _ in 0..<8 {
                statuses.append(try await raw.call(.GET, "/tmx/api/users?name=mapper&fields=Name,UserId").status)
            }
            #expect(statuses == [200, 200, 500, 200, 200, 500, 200, 200])
        }
    }
}
