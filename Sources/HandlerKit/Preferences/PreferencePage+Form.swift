import Foundation
import RecordsCore

/// The page itself: the digest form, the channels and their forms.
extension PreferencePage {

    static func page(_ model: Model) -> String {
        let opened = model.opened
        let prefs = opened.preferences
        let name = opened.user.username ?? opened.user.email
        var parts: [String] = []
        parts.append("<h1>Notification preferences</h1>")
        parts.append(
            "<p class=\"muted\">For \(escape(name)). No sign-in needed: this page opens from the link in your email.</p>"
        )
        if let notice = model.notice {
            parts.append(
                "<p class=\"notice\(notice.isWarning ? " warning" : "")\" role=\"status\">\(escape(notice.message))</p>"
            )
        }

        // The digest: pause, news, time zone.
        var digest = ["<section>", "<h2>Daily email</h2>", formOpen(model, action: "settings")]
        digest.append("<fieldset><legend>Daily email digest</legend>")
        digest.append(radio("digest", "active", "Send me the daily email", checked: !prefs.digestPaused))
        digest.append(radio("digest", "paused", "Paused (no email)", checked: prefs.digestPaused))
        digest.append("</fieldset>")
        digest.append("<fieldset><legend>News in the email</legend>")
        digest.append(newsBoxes(prefs.emailNews))
        digest.append("</fieldset>")
        digest.append("<fieldset><legend><label for=\"time_zone\">Time zone for dates</label></legend>")
        digest.append(zoneSelect(prefs.timeZone))
        digest.append("</fieldset>")
        digest.append("<button type=\"submit\">Save</button>")
        digest.append("</form>")
        digest.append(
            "<p class=\"muted\">Dates are shown in \(escape(prefs.timeZone)). This link stays valid until "
                + "\(escape(ZonedTime.format(unixSeconds: opened.claims.expiresAt, zone: prefs.timeZone))).</p>")
        digest.append("</section>")
        parts += digest

        // Push channels.
        var push = ["<section>", "<h2>Discord and ntfy</h2>"]
        push.append(
            "<p class=\"muted\">News can also go straight to a Discord channel (through a webhook) or to the ntfy app, "
                + "as soon as a run finds it.</p>")
        if model.channels.isEmpty {
            push.append("<p>No channel yet.</p>")
        }
        for channel in model.channels {
            push.append(channelBlock(channel, model: model))
        }
        if model.pushConfigured {
            push.append("<div class=\"channel\"><h2>Add a Discord webhook</h2>")
            push.append(formOpen(model, action: "add-discord"))
            push.append(
                "<label for=\"webhook_url\">Webhook URL (Discord: channel settings → Integrations → Webhooks)</label>")
            push.append(
                "<input type=\"url\" id=\"webhook_url\" name=\"webhook_url\" maxlength=\"\(PushTarget.maxLength)\" "
                    + "required placeholder=\"https://discord.com/api/webhooks/…\">")
            push.append("<fieldset><legend>News it gets</legend>\(newsBoxes(.all))</fieldset>")
            push.append("<button type=\"submit\">Add and send a test</button></form></div>")

            push.append("<div class=\"channel\"><h2>Add an ntfy topic</h2>")
            push.append(formOpen(model, action: "add-ntfy"))
            let server = model.ntfyServer.map { " on \(escape($0))" } ?? ""
            push.append("<label for=\"topic\">Topic\(server)</label>")
            push.append("<input type=\"text\" id=\"topic\" name=\"topic\" maxlength=\"64\" required>")
            push.append("<label for=\"access_token\">Access token (optional, for a protected topic)</label>")
            push.append(
                "<input type=\"text\" id=\"access_token\" name=\"access_token\" maxlength=\"\(PushTarget.maxLength)\" "
                    + "autocomplete=\"off\">")
            push.append("<fieldset><legend>News it gets</legend>\(newsBoxes(.all))</fieldset>")
            push.append("<button type=\"submit\">Add and send a test</button></form></div>")
        } else {
            push.append(
                "<p class=\"muted\">Push delivery is not configured on this server, so channels cannot be added or tested.</p>"
            )
        }
        push.append("</section>")
        parts += push

        // Links.
        parts.append("<section><h2>This link</h2>")
        parts.append(
            "<p class=\"muted\">Anyone with this link can change these settings. If you forwarded an email by mistake, "
                + "turn off every older link; this page then moves to a new address.</p>")
        parts.append(formOpen(model, action: "revoke"))
        parts.append("<button type=\"submit\" class=\"danger\">Turn off older links</button></form></section>")
        return document(title: "Notification preferences", body: parts.joined(separator: "\n"))
    }

    private static func channelBlock(_ channel: PushChannel, model: Model) -> String {
        var lines = ["<div class=\"channel\">"]
        let label = channel.kind == .discord ? "Discord" : "ntfy"
        lines.append("<p><strong>\(escape(channel.hint))</strong> (\(label))</p>")
        if channel.status == .disabled {
            let reason = channel.disabledReason ?? "the service refused it"
            var since = ""
            if let at = channel.disabledAt {
                since = " since \(ZonedTime.format(at, zone: model.opened.preferences.timeZone))"
            }
            lines.append("<p class=\"disabled\">Disabled\(escape(since)): \(escape(reason))</p>")
        }
        lines.append(formOpen(model, action: "channel-\(channel.id)"))
        lines.append("<fieldset><legend>News it gets</legend>\(newsBoxes(channel.news))</fieldset>")
        lines.append("<button type=\"submit\" name=\"op\" value=\"save\">Save</button>")
        if model.pushConfigured {
            lines.append("<button type=\"submit\" name=\"op\" value=\"test\" class=\"secondary\">Send a test</button>")
        }
        lines.append("<button type=\"submit\" name=\"op\" value=\"remove\" class=\"danger\">Remove</button>")
        lines.append("</form></div>")
        return lines.joined(separator: "\n")
    }

    private static func formOpen(_ model: Model, action: String) -> String {
        let token = model.opened.token
        let formToken = model.links.formToken(linkToken: token, action: action)
        return "<form method=\"post\" action=\"\(escape(token))\">"
            + "<input type=\"hidden\" name=\"action\" value=\"\(escape(action))\">"
            + "<input type=\"hidden\" name=\"form_token\" value=\"\(escape(formToken))\">"
    }

    private static func radio(_ name: String, _ value: String, _ label: String, checked: Bool) -> String {
        "<label><input type=\"radio\" name=\"\(name)\" value=\"\(value)\"\(checked ? " checked" : "")> "
            + "\(escape(label))</label>"
    }

    private static func newsBoxes(_ news: NewsKinds) -> String {
        PreferenceForm.newsFields.map { field in
            "<label><input type=\"checkbox\" name=\"\(field.name)\" value=\"on\""
                + "\(news.contains(field.kind) ? " checked" : "")> \(escape(field.label))</label>"
        }.joined()
    }

    private static func zoneSelect(_ current: String) -> String {
        var zones = ZonedTime.identifiers
        if !zones.contains(current) { zones.insert(current, at: 0) }
        let options = zones.map { zone in
            "<option\(zone == current ? " selected" : "")>\(escape(zone))</option>"
        }
        return "<select id=\"time_zone\" name=\"time_zone\">\(options.joined())</select>"
    }

    /// Every value on these pages is one line (a username, a zone, a service's refusal, a link), so
    /// it is made plain before it is escaped: no bidi control from a refusal can reorder the page.
}
