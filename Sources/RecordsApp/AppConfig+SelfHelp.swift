import Foundation
import RecordsCore

/// Self-help by email: fresh preference links, password resets and address confirmation
/// (docs/accounts.md, docs/preferences.md).
///
/// Settings:
/// - `EMAIL_CONFIRMATION` (`on`/`off`, default on): a new account's first email asks to confirm the
///   address, and digests and push-channel tests wait until it is confirmed; `off` keeps the
///   original's behaviour (no confirmation mail, nothing waits).
///
/// The links are signed with a key derived from the preference links' key (`PREFERENCES_SECRET`, or
/// the one derived from `JWT_SECRET`) and start with `PUBLIC_BASE_URL`.
public struct SelfHelpConfig: Sendable, Equatable {
    /// `EMAIL_CONFIRMATION`.
    public var emailConfirmation: Bool

    /// Reads the section.
    /// - Throws: ``AppConfig/Invalid`` naming the bad setting.
    init(_ reader: ConfigReader) throws {
        emailConfirmation = try reader.flag("EMAIL_CONFIRMATION", default: true)
    }

    /// The signer of the self-help links, under the preference links' key.
    /// - Parameters:
    ///   - preferences: The preference section (its secret and base URL).
    ///   - jwtSecret: `JWT_SECRET`, or the ephemeral secret of the embedded demo.
    public static func links(preferences: PreferencesConfig, jwtSecret: String) -> SelfHelpLinks {
        let key = preferences.secret.map { Array($0.utf8) } ?? PreferenceLinks.derivedKey(jwtSecret: jwtSecret)
        return SelfHelpLinks(preferenceKey: key, baseURL: preferences.baseURL)
    }
}
