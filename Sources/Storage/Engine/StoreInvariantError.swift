/// The database answered in a way the SQL makes impossible (e.g. `INSERT … RETURNING` without a row).
struct StoreInvariantError: Error, CustomStringConvertible {
    let reason: String
    var description: String { "store invariant broken: \(reason)" }
}
