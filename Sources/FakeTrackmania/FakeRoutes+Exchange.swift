import Foundation
import Hummingbird

extension FakeRoutes {
    /// TMX's default page size.
    static let exchangeDefaultCount = 40

    func registerExchange(on router: Router<BasicRequestContext>) {
        router.get("/tmx/api/maps") { request, _ in
            try await serve(FakeEndpoint.exchangeMaps, request) { await maps(FakeQuery(request.uri.query)) }
        }
        router.get("/tmx/api/users") { request, _ in
            try await serve(FakeEndpoint.exchangeUsers, request) { await users(FakeQuery(request.uri.query)) }
        }
    }

    /// The requested top-level fields (`Authors.User.Name` selects `Authors`); TMX v2 requires `fields`.
    private func fields(_ query: FakeQuery) -> Set<String>? {
        guard let raw = query.first("fields"), !raw.isEmpty else { return nil }
        return Set(raw.split(separator: ",").compactMap { $0.split(separator: ".").first.map(String.init) })
    }

    private func maps(_ query: FakeQuery) async -> Reply {
        guard let fields = fields(query) else {
            return .json(["error": "The fields parameter is required"], status: .badRequest)
        }
        let users = await state.usersById
        var maps = await state.world.maps.sorted { $0.exchangeId > $1.exchangeId }
        if let author = query.first("author")?.lowercased() {
            maps = maps.filter { map in map.authorUserIds.contains { users[$0]?.name.lowercased() == author } }
        }
        if let authorUserId = query.first("authoruserid").flatMap(Int.init) {
            maps = maps.filter { $0.authorUserIds.contains(authorUserId) }
        }
        if let name = query.first("name")?.lowercased(), !name.isEmpty {
            maps = maps.filter { $0.name.lowercased().contains(name) }
        }
        if let uids = query.first("uid") {
            let wanted = Set(uids.split(separator: ",").map(String.init))
            maps = maps.filter { wanted.contains($0.uid) }
        }
        if let ids = query.first("id") {
            let wanted = Set(ids.split(separator: ",").compactMap { Int($0) })
            maps = maps.filter { wanted.contains($0.exchangeId) }
        }
        if let after = query.first("after").flatMap(Int.init) {
            maps = maps.filter { $0.exchangeId < after }
        }
        let count = min(max(Int(query.first("count") ?? "") ?? Self.exchangeDefaultCount, 1), 100)
        let results: [[String: Any]] = maps.prefix(count).map { map in
            var item: [String: Any] = [
                "MapId": map.exchangeId, "MapUid": map.uid, "Name": map.name, "GbxMapName": map.name,
                "UploadedAt": map.uploadedAt, "UpdatedAt": map.uploadedAt, "DownloadCount": map.downloadCount,
                "Medals": [
                    "Author": map.authorTime, "Gold": map.authorTime * 106 / 100, "Silver": map.authorTime * 120 / 100,
                    "Bronze": map.authorTime * 150 / 100,
                ],
                "Authors": map.authorUserIds.enumerated().map { index, id in
                    [
                        "User": ["UserId": id, "Name": users[id]?.name ?? "user\(id)"],
                        "Role": index == 0 ? "Mapper" : "Co-author",
                    ] as [String: Any]
                },
            ]
            item = item.filter { fields.contains($0.key) }
            return item
        }
        return .json(["More": maps.count > count, "Results": results])
    }

    private func users(_ query: FakeQuery) async -> Reply {
        guard let fields = fields(query) else {
            return .json(["error": "The fields parameter is required"], status: .badRequest)
        }
        var users = await state.world.exchangeUsers.sorted { $0.userId > $1.userId }
        if let name = query.first("name")?.lowercased(), !name.isEmpty {
            users = users.filter { $0.name.lowercased().contains(name) }
        }
        if let after = query.first("after").flatMap(Int.init) {
            users = users.filter { $0.userId < after }
        }
        let count = min(max(Int(query.first("count") ?? "") ?? Self.exchangeDefaultCount, 1), 100)
        let results: [[String: Any]] = users.prefix(count).map { user in
            (["Name": user.name, "UserId": user.userId] as [String: Any]).filter { fields.contains($0.key) }
        }
        return .json(["More": users.count > count, "Results": results])
    }
}
