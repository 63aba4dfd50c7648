import Foundation
import Logging

/// Which leaderboards one run reads, decided by ``ProbePhase``.
struct LeaderboardReads: Sendable {
    /// Maps read for their mappers: their news is diffed and committed per map.
    var forMappers: Set<String> = []
    /// Maps read because a driver watches them.
    var forDrivers: Set<String> = []
    /// Probe positions that moved, by map: stored only once the map's news is committed.
    var probed: [String: Int] = [:]
    /// The stored probe positions of the probed maps (absent: never probed).
    var storedPositions: [String: MapPosition] = [:]

    /// Every map to read, each once however many mappers and drivers watch it.
    var all: [String] { forMappers.union(forDrivers).sorted() }
}

/// Phase 2, the probes: every map of an accurate mapper is read; a map only inaccurate mappers
/// watch is read when a batched position probe says its record count moved (or it was never
/// checked); every map a driver watches is read. Names of maps whose TMX list failed are asked of
/// Nadeo here, so the check can name them.
struct ProbePhase: Sendable {
    /// The sentinel score whose position tells how many records a map has (inaccurate mode).
    static let probeScore = 9_999_999

    var context: DailyRunContext

    func run(work: inout DailyRunWork, report: inout DailyRunReport) async throws -> LeaderboardReads {
        var reads = LeaderboardReads()
        var inaccurateOnly = Set<String>()
        for uid in work.mapperUids {
            let watchers = work.watchersByMap[uid] ?? []
            if watchers.contains(where: { !work.mappers[$0].inaccurate }) {
                reads.forMappers.insert(uid)
            } else {
                inaccurateOnly.insert(uid)
            }
        }
        let resumeSince = context.skipCheckedSince
        let probeUids = inaccurateOnly.filter { !work.recentlyChecked($0, resumeSince: resumeSince) }.sorted()
        if !probeUids.isEmpty {
            do {
                let scores = Dictionary(uniqueKeysWithValues: probeUids.map { ($0, Self.probeScore) })
                report.trackmaniaCalls += (probeUids.count + 49) / 50
                let positions = try await context.services.leaderboards.positions(scores: scores)
                let stored = context.repositories.mapPositions
                reads.storedPositions = try await DailyRunContext.chunked(probeUids) {
                    try await stored.positions(mapUids: $0)
                }
                for position in positions {
                    let previous = reads.storedPositions[position.mapUid]
                    if previous?.position != position.position || work.lastChecks[position.mapUid] == nil {
                        reads.probed[position.mapUid] = position.position
                    }
                }
            } catch let error as TrackmaniaError {
                context.log.warning("position probes failed", metadata: ["failure": .string(error.diagnosticCode)])
                for index in work.mappers.indices where work.mappers[index].inaccurate {
                    work.mappers[index].failed = true
                }
            }
        }
        reads.forMappers.formUnion(reads.probed.keys)
        reads.forMappers = reads.forMappers.filter { !work.recentlyChecked($0, resumeSince: resumeSince) }
        reads.forDrivers = work.driverUids

        // Map names the TMX lists did not give (maps of failed lists), from Nadeo in batches of 100.
        let unnamed = reads.forMappers.filter { work.mapNames[$0] == nil }.sorted()
        if !unnamed.isEmpty {
            report.trackmaniaCalls += (unnamed.count + 99) / 100
            if let infos = try? await context.services.leaderboards.mapInfo(mapUids: unnamed) {
                for info in infos { work.mapNames[info.uid] = info.name }
            }
        }
        return reads
    }
}
