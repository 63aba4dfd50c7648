import Foundation

/// The maps' next-due times as a binary min-heap: the next map to read is found in O(log N), however
/// many maps are watched. Rescheduling a map pushes a new entry; the older one is skipped when it
/// surfaces (its due time no longer matches the map's current one).
struct DueQueue: Sendable {
    private struct Entry: Sendable {
        var due: Double
        var uid: String
    }

    private var heap: [Entry] = []
    /// Each scheduled map's current due time (seconds since 1970).
    private(set) var due: [String: Double] = [:]

    var count: Int { due.count }

    /// Schedules (or reschedules) `uid` at `time`.
    mutating func schedule(_ uid: String, at time: Double) {
        due[uid] = time
        heap.append(Entry(due: time, uid: uid))
        siftUp(heap.count - 1)
        // Stale entries pile up when maps are rescheduled often; rebuild once they dominate.
        if heap.count > 4 * max(64, due.count) { rebuild() }
    }

    /// Forgets `uid` (no longer watched).
    mutating func remove(_ uid: String) {
        due[uid] = nil
    }

    /// The earliest current entry, without removing it.
    mutating func peek() -> (uid: String, due: Double)? {
        while let top = heap.first {
            if due[top.uid] == top.due { return (top.uid, top.due) }
            popTop()
        }
        return nil
    }

    /// Removes and returns the earliest entry if it is due at `now`; the map stays known (its due time
    /// becomes +∞ until it is scheduled again).
    mutating func popDue(now: Double) -> String? {
        guard let top = peek(), top.due <= now else { return nil }
        popTop()
        due[top.uid] = .infinity
        return top.uid
    }

    private mutating func rebuild() {
        heap = due.compactMap { $0.value.isFinite ? Entry(due: $0.value, uid: $0.key) : nil }
        for index in stride(from: heap.count / 2, through: 0, by: -1) { siftDown(index) }
    }

    private mutating func popTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].due < heap[parent].due else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var smallest = left
            if left + 1 < heap.count && heap[left + 1].due < heap[left].due { smallest = left + 1 }
            guard heap[smallest].due < heap[parent].due else { return }
            heap.swapAt(smallest, parent)
            parent = smallest
        }
    }
}
