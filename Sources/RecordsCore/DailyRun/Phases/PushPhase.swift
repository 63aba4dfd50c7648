import Foundation
import Logging

/// Phase 5, push: every due digest item goes right away to the push channels that want it (the
/// email digest stays once a day). Each post is recorded as `sending` in the ledger before it
/// leaves, so a run cut short never sends it again; what the far side could not take now waits for
/// a later run, within ``PushSettings/retryWindow``. Left out when no transport is wired.
struct PushPhase: Sendable {
    var context: DailyRunContext

    /// The lock every pusher takes (the daily run's push phase and the live watcher's pushes), so two
    /// never post the same due item at once; a pusher finding it held leaves the items to the holder,
    /// which looks again after its run.
    static let lockName = "recordsw.push"

    /// - Throws: Store failures and whatever the checkpoint throws; transport failures are counted.
    func run(report: inout DailyRunReport) async throws {
        guard let transport = context.services.push else { return }
        report.phase = .push
        let before = report
        let phase = self
        let pushed = try await context.repositories.locks.withLock(Self.lockName) {
            var inner = before
            try await phase.run(transport: transport, report: &inner)
            return inner
        }
        guard let pushed else {
            context.log.info("another push is running; it delivers the due items")
            return
        }
        report = pushed
    }

    private func run(transport: any PushTransport, report: inout DailyRunReport) async throws {
        let repos = context.repositories
        let clock = context.clock
        let log = context.log
        var counters = PushRunCounters()
        counters.itemsInDoubt += try await repos.pushDeliveries.settleInterrupted(now: clock.now)
        if counters.itemsInDoubt > 0 {
            log.warning(
                "push posts cut short by an earlier run are in doubt and not sent again",
                metadata: ["items": .stringConvertible(counters.itemsInDoubt)])
        }
        let destinations = try await repos.pushDeliveries.destinationsWithDueItems(now: clock.now)
        counters.channels = destinations.count
        guard !destinations.isEmpty else {
            report.push = counters
            return
        }

        // Every display name the messages show, asked for at once, as the email does. Items are read
        // twice rather than all held at once: memory stays flat however many channels wait.
        let limit = max(1, context.settings.push.maxItemsPerChannel)
        var wanted = Set<String>()
        for destination in destinations {
            for pending in try await repos.pushDeliveries.dueItems(
                channel: destination.channel, now: clock.now, limit: limit)
            {
                switch pending.item.content {
                case .record(let record)?: wanted.insert(record.accountId)
                case .change(let change)?: wanted.formUnion(change.passedBy)
                case nil: break
                }
            }
        }
        let names = try await DisplayNameLookup(context: context).names(
            for: wanted, purpose: "push", report: &report, log: log)

        let delivery = PushChannelDelivery(context: context, transport: transport, names: names)
        try await withThrowingTaskGroup(of: PushRunCounters.self) { group in
            var next = destinations.makeIterator()
            func addNext() -> Bool {
                guard let destination = next.next() else { return false }
                group.addTask {
                    let items = try await repos.pushDeliveries.dueItems(
                        channel: destination.channel, now: clock.now, limit: limit)
                    return try await delivery.deliver(items, to: destination)
                }
                return true
            }
            for _ in 0..<max(1, context.settings.push.concurrency) where addNext() {}
            while let done = try await group.next() {
                counters.add(done)
                _ = addNext()
            }
        }
        report.push = counters
    }
}
