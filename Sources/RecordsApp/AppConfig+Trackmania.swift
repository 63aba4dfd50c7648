import Foundation
import TrackmaniaAPI

extension TrackmaniaConfiguration {
    /// The Trackmania section read through the one ``ConfigReader`` (its trimming and blank-means-unset),
    /// with the names, defaults and checks of `TrackmaniaConfiguration` (docs/trackmania.md).
    /// - Throws: ``AppConfig/Invalid`` naming the bad setting.
    static func read(_ reader: ConfigReader) throws -> TrackmaniaConfiguration {
        do {
            return try TrackmaniaConfiguration(value: reader.value)
        } catch {
            throw AppConfig.Invalid(description: "\(error)")
        }
    }
}
