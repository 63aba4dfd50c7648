import Foundation
import Hummingbird

extension FakeRoutes {
    static let worldZoneId = "301e1b69-7e13-11e8-8060-e284abfd2bc4"
    static let liveAudience = "NadeoLiveServices"

    func registerNadeo(on router: Router<BasicRequestContext>) {
        router.post("/core/v2/authentication/token/basic") { request, _ in
            try await serve(FakeEndpoint.nadeoLogin, request) { try await login(request) }
        }
        router.post("/core/v2/authentication/token/refresh") { request, _ in
            try await serve(FakeEndpoint.nadeoRefresh, request) { await refresh(request) }
        }
        router.get("/live/api/token/leaderboard/group/:group/map/:mapUid/top") { request, context in
            let group = context.parameters.get("group") ?? ""
            let mapUid = context.parameters.get("mapUid") ?? ""
            return try await serve(FakeEndpoint.top, request) {
                guard await liveAuthorized(request) else { return unauthorized }
                return await top(group: group, mapUid: mapUid, query: FakeQuery(request.uri.query))
            }
        }
        router.post("/live/api/token/leaderboard/group/map") { request, _ in
            try await serve(FakeEndpoint.position, request) {
                guard await liveAuthorized(request) else { return unauthorized }
                return try await positions(query: FakeQuery(request.uri.query), body: FakeRoutes.body(of: request))
            }
        }
        router.get("/live/api/token/map/get-multiple") { request, _ in
            try await serve(FakeEndpoint.mapInfo, request) {
                guard await liveAuthorized(request) else { return unauthorized }
                return await mapInfo(query: FakeQuery(request.uri.query))
            }
        }
    }

    private var unauthorized: Reply { .nadeoError(.unauthorized, code: "C-AA-00-03", message: "Unauthorized") }

    private func liveAuthorized(_ request: Request) async -> Bool {
        guard let header = request.headers[.authorization], header.hasPrefix("nadeo_v1 t="),
            let claims = await state.validToken(String(header.dropFirst("nadeo_v1 t=".count)), kind: .access)
        else { return false }
        return claims.aud == Self.liveAudience
    }

    private func login(_ request: Request) async throws -> Reply {
        let credentials = await state.world.credentials
        guard let header = request.headers[.authorization], header.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst("Basic ".count))),
            String(decoding: decoded, as: UTF8.self) == "\(credentials.nadeoLogin):\(credentials.nadeoPassword)"
        else { return .nadeoError(.unauthorized, code: "C-AA-00-01", message: "Invalid credentials") }
        let body = try await FakeRoutes.body(of: request)
        // Without a body the audience is NadeoServices (Core), as documented.
        var audience = "NadeoServices"
        if !body.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                return .nadeoError(.badRequest, code: "C-AA-00-02", message: "Invalid body")
            }
            audience = object["audience"] as? String ?? audience
        }
        guard ["NadeoServices", Self.liveAudience].contains(audience) else {
            return .nadeoError(.badRequest, code: "C-AA-00-04", message: "Unknown audience")
        }
        return await tokenPair(audience: audience)
    }

    private func refresh(_ request: Request) async -> Reply {
        guard let header = request.headers[.authorization], header.hasPrefix("nadeo_v1 t="),
            let claims = await state.validToken(String(header.dropFirst("nadeo_v1 t=".count)), kind: .refresh)
        else { return .nadeoError(.unauthorized, code: "C-AA-00-03", message: "Invalid refresh token") }
        return await tokenPair(audience: claims.refreshAudience ?? "NadeoServices")
    }

    private func tokenPair(audience: String) async -> Reply {
        let access = await state.mintToken(kind: .access, audience: audience)
        let refresh = await state.mintToken(kind: .refresh, audience: "NadeoServices", refreshAudience: audience)
        return .json(["accessToken": access, "refreshToken": refresh])
    }

    private func top(group: String, mapUid: String, query: FakeQuery) async -> Reply {
        guard group == "Personal_Best" else { return .json([String: Any]()) }
        let onlyWorld = query.first("onlyWorld") == "true"
        // Without onlyWorld Nadeo ignores length and offset and returns the first 5.
        let length = onlyWorld ? min(max(Int(query.first("length") ?? "") ?? 5, 1), 100) : 5
        let offset = onlyWorld ? max(Int(query.first("offset") ?? "") ?? 0, 0) : 0
        let secret = await state.mapsByUid[mapUid]?.secretThreshold
        let board = await state.leaderboard(mapUid: mapUid)
        let accounts = await state.accountsById
        // Only the first 10,000 records are readable.
        let readable = board.prefix(10_000)
        let page = offset < readable.count ? Array(readable.dropFirst(offset).prefix(length)) : []
        let top: [[String: Any]] = page.map { best in
            let account = accounts[best.accountId]
            return [
                "accountId": best.accountId,
                "zoneId": account?.zoneId ?? Self.worldZoneId,
                "zoneName": account?.zoneName ?? "World",
                "position": board.prefix { $0.score < best.score }.count + 1,
                "score": secret.map { best.score < $0 } == true ? -1 : best.score,
                "timestamp": best.timestamp,
            ]
        }
        return .json([
            "groupUid": group, "mapUid": mapUid,
            "tops": [["zoneId": Self.worldZoneId, "zoneName": "World", "top": top]],
        ])
    }

    private func positions(query: FakeQuery, body: Data) async -> Reply {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
            let maps = object["maps"] as? [[String: Any]]
        else { return .nadeoError(.badRequest, code: "C-LB-00-01", message: "Body must be {maps:[…]}") }
        guard maps.count <= 50 else {
            return .nadeoError(.badRequest, code: "C-LB-00-02", message: "At most 50 maps per request")
        }
        let bodyUids = maps.compactMap { $0["mapUid"] as? String }
        let scores = Dictionary(query.keyed("scores").compactMap { key, value in Int(value).map { (key, $0) } }) {
            a, _ in a
        }
        // The query and the body must list the same maps; a mismatch is a 500 upstream.
        guard Set(bodyUids) == Set(scores.keys), bodyUids.count == maps.count else {
            return .nadeoError(.internalServerError, code: "C-LB-00-03", message: "Query and body maps differ")
        }
        var result: [[String: Any]] = []
        for uid in bodyUids {
            guard await state.mapsByUid[uid] != nil, let score = scores[uid] else { continue }
            // A simulation may make this endpoint lag behind the leaderboards, as Nadeo documents.
            let better = await state.probeScores(mapUid: uid).filter { $0 < score }.count
            result.append([
                "groupUid": "Personal_Best", "mapUid": uid, "score": score,
                "zones": [
                    [
                        "zoneId": Self.worldZoneId, "zoneName": "World",
                        "ranking": ["position": better + 1, "length": 0],
                    ]
                ],
            ])
        }
        return .json(result)
    }

    private func mapInfo(query: FakeQuery) async -> Reply {
        let uids = (query.first("mapUidList") ?? "").split(separator: ",").map(String.init)
        guard uids.count <= 100 else {
            return .nadeoError(.badRequest, code: "C-MP-00-01", message: "At most 100 map uids")
        }
        var list: [[String: Any]] = []
        for uid in uids {
            guard let map = await state.mapsByUid[uid] else { continue }
            let uploaded = Self.unixSeconds(map.uploadedAt)
            list.append([
                "uid": map.uid, "mapId": map.nadeoId, "name": map.name, "author": map.authorAccountId,
                "submitter": map.authorAccountId, "authorTime": map.authorTime,
                "goldTime": Int((Double(map.authorTime) * 1.06 / 1000).rounded(.up)) * 1000,
                "silverTime": Int((Double(map.authorTime) * 1.2 / 1000).rounded(.up)) * 1000,
                "bronzeTime": Int((Double(map.authorTime) * 1.5 / 1000).rounded(.up)) * 1000,
                "uploadTimestamp": uploaded, "updateTimestamp": uploaded,
            ])
        }
        return .json(["mapList": list])
    }

    static func unixSeconds(_ iso: String) -> Int {
        (try? Date(iso, strategy: .iso8601)).map { Int($0.timeIntervalSince1970) } ?? 0
    }
}
