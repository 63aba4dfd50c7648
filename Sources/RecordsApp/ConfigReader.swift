import Foundation

/// The one reader of settings: the merged environment and `.env`, with the parsing rules every
/// section shares (blank means unset, surrounding spaces are trimmed, numbers and flags are checked).
///
/// Each typed section of ``AppConfig`` (server, security, mail, daily run, …) reads itself from
/// this, so every command (`serve`, `migrate`, `cron`) validates the same settings the same way.
public struct ConfigReader: Sendable {
    /// The merged settings: `.env` values overridden by the process environment.
    public let values: [String: String]

    /// - Parameters:
    ///   - environment: The process environment.
    ///   - dotEnv: Values from `.env`, overridden by `environment`.
    public init(environment: [String: String], dotEnv: [String: String] = [:]) {
        values = dotEnv.merging(environment) { _, process in process }
    }

    /// The trimmed value of `name`, or `nil` when it is unset or blank.
    public func value(_ name: String) -> String? {
        guard let raw = values[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        return raw
    }

    /// An integer setting within `range`, or `fallback` when unset.
    /// - Throws: ``AppConfig/Invalid`` naming the setting and its range.
    public func integer(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let raw = value(name) else { return fallback }
        guard let number = Int(raw), range.contains(number) else {
            throw AppConfig.Invalid(
                description: "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    /// An on/off setting (`1/true/on/yes`, `0/false/off/no`), or `fallback` when unset.
    /// - Throws: ``AppConfig/Invalid`` naming the setting.
    public func flag(_ name: String, default fallback: Bool) throws -> Bool {
        guard let raw = value(name)?.lowercased() else { return fallback }
        switch raw {
        case "1", "true", "on", "yes": return true
        case "0", "false", "off", "no": return false
        default: throw AppConfig.Invalid(description: "\(name) must be on or off")
        }
    }
}
