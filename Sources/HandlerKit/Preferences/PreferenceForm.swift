import Foundation
import RecordsCore

/// The preference page's form posts, parsed and validated field by field.
///
/// Each form names its `action` and carries the `form_token` of that action on this link; only the
/// fields of that form are accepted, every value is checked, and any refusal is a 4xx page before
/// anything is stored.
enum PreferenceForm {
    /// One news checkbox.
    struct NewsField: Sendable {
        var name: String
        var kind: NewsKinds
        var label: String
    }

    static let newsFields = [
        NewsField(name: "mapper", kind: .mapperRecords, label: "New records on my maps"),
        NewsField(name: "beaten", kind: .driverBeaten, label: "Someone beat my time"),
        NewsField(name: "improved", kind: .driverImproved, label: "My new personal bests"),
    ]

    /// What a valid post asks for.
    enum Request: Sendable, Equatable {
        case settings(digestPaused: Bool, timeZone: String, emailNews: NewsKinds)
        case addDiscord(webhook: String, news: NewsKinds)
        case addNtfy(topic: String, accessToken: String?, news: NewsKinds)
        case saveChannel(id: Int, news: NewsKinds)
        case testChannel(id: Int)
        case removeChannel(id: Int)
        case revoke
    }

    /// Parses a post, checking its form token for the link.
    /// - Throws: ``PreferencePage/Failure`` (403 for a missing or wrong form token, 400 for bad fields).
    static func parse(_ body: RequestBody, linkToken: String, links: PreferenceLinks) throws -> Request {
        var fields: [String: String] = [:]
        for member in body.object.members {
            guard case .string(let value) = member.value else {
                throw bad("The field \(member.key) must be text.")
            }
            fields[member.key] = value
        }
        guard let action = fields.removeValue(forKey: "action"), !action.isEmpty, action.utf8.count <= 40 else {
            throw bad("The form has no action.")
        }
        guard let formToken = fields.removeValue(forKey: "form_token"),
            links.checkFormToken(formToken, linkToken: linkToken, action: action)
        else {
            throw PreferencePage.Failure(
                403, "This form cannot be accepted",
                "It did not come from this page, or the page is out of date. Open the link again and retry.")
        }
        var reader = FieldReader(fields: fields)
        let request: Request
        switch action {
        case "settings":
            let digest = try reader.take("digest", maxLength: 10)
            guard digest == "active" || digest == "paused" else {
                throw bad("Choose whether the daily email is sent or paused.")
            }
            let zone =
                try reader.take("time_zone", maxLength: ZonedTime.maxIdentifierLength)?
                .trimmingCharacters(in: .whitespaces) ?? "UTC"
            guard ZonedTime.isValid(zone) else {
                throw bad("Unknown time zone. Pick one from the list (IANA names such as Europe/Paris).")
            }
            request = .settings(digestPaused: digest == "paused", timeZone: zone, emailNews: try reader.news())
        case "add-discord":
            let raw = try reader.take("webhook_url", maxLength: PushTarget.maxLength * 2) ?? ""
            let news = try reader.news()
            do throws(PushTarget.Invalid) {
                request = .addDiscord(webhook: try PushTarget.discordWebhook(raw).canonicalURL, news: news)
            } catch {
                throw bad(error.message)
            }
        case "add-ntfy":
            let topic = try reader.take("topic", maxLength: 128) ?? ""
            let token = try reader.take("access_token", maxLength: PushTarget.maxLength * 2)
            let news = try reader.news()
            do throws(PushTarget.Invalid) {
                request = .addNtfy(
                    topic: try PushTarget.ntfyTopic(topic), accessToken: try PushTarget.ntfyAccessToken(token),
                    news: news)
            } catch {
                throw bad(error.message)
            }
        case "revoke":
            request = .revoke
        case let channel where channel.hasPrefix("channel-"):
            guard let id = Int(channel.dropFirst("channel-".count)), id > 0 else { throw bad("Unknown channel.") }
            let op = try reader.take("op", maxLength: 10)
            switch op {
            case "save": request = .saveChannel(id: id, news: try reader.news())
            case "test":
                _ = try reader.news()
                request = .testChannel(id: id)
            case "remove":
                _ = try reader.news()
                request = .removeChannel(id: id)
            default: throw bad("Choose Save, Send a test or Remove.")
            }
        default:
            throw bad("Unknown form.")
        }
        if let extra = reader.fields.keys.sorted().first {
            throw bad("Unexpected field \(String(extra.prefix(40))).")
        }
        return request
    }

    static func bad(_ message: String) -> PreferencePage.Failure {
        PreferencePage.Failure(400, "That did not work", message)
    }

    /// Takes fields out one by one, so whatever is left over was not expected.
    struct FieldReader {
        var fields: [String: String]

        mutating func take(_ name: String, maxLength: Int) throws -> String? {
            guard let value = fields.removeValue(forKey: name) else { return nil }
            guard value.utf8.count <= maxLength else { throw PreferenceForm.bad("The field \(name) is too long.") }
            return value
        }

        /// The news checkboxes: each absent or `on`.
        mutating func news() throws -> NewsKinds {
            var news: NewsKinds = []
            for field in PreferenceForm.newsFields {
                switch try take(field.name, maxLength: 10) {
                case nil: break
                case "on"?: news.insert(field.kind)
                default: throw PreferenceForm.bad("The \(field.name) checkbox must be on or absent.")
                }
            }
            return news
        }
    }
}
