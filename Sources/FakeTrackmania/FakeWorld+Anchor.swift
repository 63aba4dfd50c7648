import Foundation

extension FakeWorld {
    /// The world with every relative record age (`ageSeconds`) turned into a timestamp counted back
    /// from `anchor`.
    ///
    /// A world loaded without an anchor dates its records from the moment it is loaded, so each
    /// restart moves every timestamp and a watcher sees old records as new again. The embedded demo
    /// anchors its world at the instant of its first start (kept under `var/`), so its records keep
    /// their times across restarts.
    public func anchored(at anchor: Date) -> FakeWorld {
        var world = self
        let seconds = Int(anchor.timeIntervalSince1970)
        world.records = records.map { record in
            var record = record
            if record.timestamp == nil {
                record.timestamp = seconds - (record.ageSeconds ?? 0)
                record.ageSeconds = nil
            }
            return record
        }
        return world
    }
}
