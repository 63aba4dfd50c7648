import Foundation
import RecordsCore

/// Finds and reads fixture files.
public enum FixtureLoader {
    /// Every `.json` file under `root`, recursively, sorted by path.
    public static func discover(root: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            return []
        }
        return enumerator.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "json" }
            .sorted { $0.path < $1.path }
    }

    /// Reads a file as a fixture.
    /// - Parameters:
    ///   - url: The file.
    ///   - root: The fixtures folder, to name the fixture by its relative path.
    /// - Returns: The fixture, or `nil` when the JSON is not fixture-shaped (a data file).
    /// - Throws: When the file is unreadable, not JSON, or a malformed fixture.
    public static func load(_ url: URL, root: URL?) throws -> Fixture? {
        let value = try JSONValue.parse(try Data(contentsOf: url))
        guard Fixture.looksLikeFixture(value) else { return nil }
        return try Fixture(parsing: value, name: relativeName(url, root: root))
    }

    /// The path of `url` relative to `root` (the absolute path when outside it).
    public static func relativeName(_ url: URL, root: URL?) -> String {
        let path = url.standardizedFileURL.path
        guard let root = root?.standardizedFileURL.path, path.hasPrefix(root + "/") else { return path }
        return String(path.dropFirst(root.count + 1))
    }
}
