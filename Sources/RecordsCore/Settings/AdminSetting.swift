import Foundation

/// One key of `admin_config` that the product reads: its meaning, its type and range, and the
/// value used while no row exists.
///
/// Every key an admin may see or change is an entry of ``AdminSettings/registry``; the admin
/// routes list exactly those and refuse any other key, so a typo cannot create a setting nobody reads.
public struct AdminSetting: Sendable, Equatable {
    /// What values the setting accepts.
    public enum Kind: Sendable, Equatable {
        /// A whole number within a closed range, stored as its decimal text.
        case integer(ClosedRange<Int>)
    }

    /// `admin_config.config_key`.
    public var key: String
    /// Shown on the admin page.
    public var description: String
    public var kind: Kind
    /// The stored text used while the row is missing (or unreadable).
    public var defaultValue: String
    /// The 400 message for a value that is not acceptable.
    public var invalidMessage: String

    public init(key: String, description: String, kind: Kind, defaultValue: String, invalidMessage: String? = nil) {
        self.key = key
        self.description = description
        self.kind = kind
        self.defaultValue = defaultValue
        switch kind {
        case .integer(let range):
            self.invalidMessage =
                invalidMessage ?? "\(key) must be a whole number between \(range.lowerBound) and \(range.upperBound)"
        }
    }

    /// The canonical stored text for a value as it arrived (a JSON number, or a string as the
    /// admin page sends it), or `nil` when the value is not acceptable.
    ///
    /// Stricter than the original's `parseInt`, which stored `"12abc"` verbatim: only an optional
    /// sign and digits (surrounding spaces ignored) or an integral JSON number pass.
    public func normalized(_ value: JSONValue) -> String? {
        switch kind {
        case .integer(let range):
            let number: Int?
            switch value {
            case .number(let double) where double.rounded() == double && abs(double) <= 1e15:
                number = Int(double)
            case .string(let text):
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                number =
                    trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") })
                    ? Int(trimmed) : nil
            default:
                number = nil
            }
            guard let number, range.contains(number) else { return nil }
            return String(number)
        }
    }

    /// The setting's value read from stored text, falling back to the default for a missing or
    /// unusable row (so a bad row written by hand never stops the feature that reads it).
    public func integer(from stored: String?) -> Int {
        switch kind {
        case .integer(let range): storedInteger(from: stored) ?? Int(defaultValue) ?? range.lowerBound
        }
    }

    /// The value of stored text, or `nil` when it is missing or not acceptable (the caller then keeps
    /// its own value: the default, or a configured one).
    public func storedInteger(from stored: String?) -> Int? {
        switch kind {
        case .integer(let range):
            guard let stored, let value = Int(stored.trimmingCharacters(in: .whitespaces)), range.contains(value)
            else { return nil }
            return value
        }
    }

    /// The same setting with another default (the configured value), when one is given.
    public func withDefault(_ value: Int?) -> AdminSetting {
        guard let value else { return self }
        var copy = self
        copy.defaultValue = String(value)
        return copy
    }
}
