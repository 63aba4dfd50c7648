import Foundation

extension OutboxMailer {
    /// Deletes outbox messages last written before `cutoff`, and temporary files a crash left
    /// behind, so a demo or a mail-less deployment does not fill its disk over the months.
    /// - Parameters:
    ///   - directory: The outbox (`MAIL_OUTBOX_DIR`); a missing folder has nothing to prune.
    ///   - cutoff: Files modified before it go.
    /// - Returns: How many messages were deleted.
    /// - Throws: When the folder exists but cannot be listed.
    public static func prune(directory: String, before cutoff: Date) throws -> Int {
        let manager = FileManager.default
        guard manager.fileExists(atPath: directory) else { return 0 }
        var deleted = 0
        for name in try manager.contentsOfDirectory(atPath: directory) {
            let isMessage = name.hasSuffix(".eml") && !name.hasPrefix(".")
            let isLeftover = name.hasPrefix(".") && name.hasSuffix(".eml.tmp")
            guard isMessage || isLeftover else { continue }
            let path = "\(directory)/\(name)"
            guard let modified = try? manager.attributesOfItem(atPath: path)[.modificationDate] as? Date,
                modified < cutoff
            else { continue }
            if (try? manager.removeItem(atPath: path)) != nil, isMessage { deleted += 1 }
        }
        return deleted
    }
}
