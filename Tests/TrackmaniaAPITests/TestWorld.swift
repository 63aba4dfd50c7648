import FakeTrackmania
import Foundation

/// A small world with every case the clients must handle.
enum TestWorld {
    static let oddNames = ["Space Man", "R&D Team", "Ünïcødé ☃", "$f00Red$z Racer", "plus+sign", "a=b?c"]

    static func accountId(_ index: Int) -> String {
        "00000000-0000-4000-8000-\(String(format: "%012d", index))"
    }

    /// 130 accounts; the first six have odd display names.
    static let accounts: [FakeWorld.Account] = (0..<130).map { index in
        FakeWorld.Account(
            accountId: accountId(index), displayName: index < oddNames.count ? oddNames[index] : "Driver\(index)",
            zoneId: "zone-fr", zoneName: "France")
    }

    static let users = [
        FakeWorld.ExchangeUser(userId: 1, name: "MapperOne"),
        FakeWorld.ExchangeUser(userId: 2, name: "BigMapper"),
        FakeWorld.ExchangeUser(userId: 3, name: "CoAuthor"),
        FakeWorld.ExchangeUser(userId: 4, name: "Search & Rescue"),
        FakeWorld.ExchangeUser(userId: 5, name: "MapperOnesFan"),
    ]

    static func map(_ uid: String, id: Int, name: String, authors: [Int], secret: Int? = nil) -> FakeWorld.Map {
        FakeWorld.Map(
            uid: uid, exchangeId: id, nadeoId: "nadeo-\(uid)", name: name, authorUserIds: authors,
            authorAccountId: accountId(0), uploadedAt: "2025-06-01T12:00:00Z", downloadCount: id, authorTime: 42_000,
            secretThreshold: secret)
    }

    /// MapperOne: 3 maps (one co-authored with CoAuthor, one with a secret threshold);
    /// BigMapper: 130 maps; `M1` has 120 records.
    static var world: FakeWorld {
        var maps = [
            map("M1", id: 10, name: "Alpha Sprint", authors: [1]),
            map("M2", id: 11, name: "Beta Loop", authors: [1, 3]),
            map("SECRET", id: 12, name: "Hidden Alpha", authors: [1], secret: 40_000),
        ]
        maps += (0..<130).map { map("BIG\($0)", id: 1000 + $0, name: "Big Map \($0)", authors: [2]) }
        var records = (0..<120).map {
            FakeWorld.Record(
                mapUid: "M1", accountId: accountId($0), score: 40_000 + $0 * 10, timestamp: 1_700_000_000 + $0)
        }
        // A tie: accounts 120 and 121 share a time with account 5.
        records.append(
            FakeWorld.Record(mapUid: "M1", accountId: accountId(120), score: 40_050, timestamp: 1_700_001_000))
        records += [
            FakeWorld.Record(mapUid: "SECRET", accountId: accountId(1), score: 39_000, timestamp: 1_700_000_000),
            FakeWorld.Record(mapUid: "SECRET", accountId: accountId(2), score: 41_000, timestamp: 1_700_000_100),
            FakeWorld.Record(mapUid: "M2", accountId: accountId(3), score: 50_000, ageSeconds: 3600),
        ]
        return FakeWorld(accounts: accounts, exchangeUsers: users, maps: maps, records: records)
    }
}
