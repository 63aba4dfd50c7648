import Foundation
import RecordsCore

/// The preference page and its error pages: plain server-rendered HTML with a little inline CSS,
/// no JavaScript and nothing loaded from anywhere (the route's CSP forbids it).
public enum PreferencePage {
    /// Headers of every preference route, errors included: nothing may load but inline style, forms
    /// post only back here, never framed, never cached, and the link (a credential) never leaks
    /// through a `Referer`.
    public static let headers: [String: String] = [
        "Content-Security-Policy":
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
        "X-Robots-Tag": "noindex, nofollow",
    ]

    static let contentType = "text/html; charset=utf-8"

    /// A refusal shown as a page with its status.
    struct Failure: Error, Sendable {
        var status: Int
        var title: String
        var message: String

        init(_ status: Int, _ title: String, _ message: String) {
            self.status = status
            self.title = title
            self.message = message
        }

        var response: Response { PreferencePage.errorPage(self) }

        /// A link whose token is malformed, forged or cut short.
        static let invalidLink = Failure(
            403, "This link is not valid",
            "The address is incomplete or was changed. Open the link from your email again, in full.")
    }

    /// A refusal whose page is already built (e.g. a 429 with `Retry-After`).
    struct Refusal: Error, Sendable {
        var response: Response
    }

    /// Everything the page shows.
    struct Model: Sendable {
        var opened: PreferenceAccess.Opened
        var channels: [PushChannel]
        var notice: PreferenceNotice?
        var pushConfigured: Bool
        var links: PreferenceLinks
        var ntfyServer: String?
    }

    static func html(_ status: Int, _ body: String) -> Response {
        Response(statusCode: status, headers: ["Content-Type": contentType], body: body)
    }

    /// `303 See Other` to `location` (a reference relative to the current page), with a link for
    /// clients that do not follow redirects.
    static func redirect(_ location: String) -> Response {
        Response(
            statusCode: 303, headers: ["Location": location, "Content-Type": contentType],
            body: document(title: "Saved", body: "<p><a href=\"\(escape(location))\">Continue</a></p>"))
    }

    static func errorPage(_ failure: Failure) -> Response {
        html(
            failure.status,
            document(
                title: failure.title,
                body: "<h1>\(escape(failure.title))</h1>\n<p>\(escape(failure.message))</p>\n"
                    + "<p class=\"muted\">Nothing was changed.</p>"))
    }

    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>\(escape(title)) – Trackmania record watcher</title>
        <style>\(css)</style>
        </head>
        <body>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
    }

    static let css = """
        body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d2330;margin:0;line-height:1.45}\
        main{max-width:42rem;margin:0 auto;padding:1.5rem 1rem 3rem}\
        h1{font-size:1.5rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:0 0 .6rem}\
        section{background:#fff;border:1px solid #d8dce3;border-radius:8px;padding:1rem;margin:0 0 1rem}\
        fieldset{border:0;margin:0 0 .8rem;padding:0}legend{font-weight:600;margin-bottom:.3rem}\
        label{display:block;margin:.2rem 0}input[type=text],input[type=url],select{width:100%;box-sizing:border-box;\
        padding:.45rem;border:1px solid #b9bfca;border-radius:4px;font:inherit}\
        button{font:inherit;padding:.45rem .9rem;border-radius:4px;border:1px solid #2855c5;background:#2f63e0;\
        color:#fff;cursor:pointer;margin:.2rem .4rem .2rem 0}button.secondary{background:#fff;color:#2855c5}\
        button.danger{background:#fff;color:#b3261e;border-color:#b3261e}\
        .notice{background:#e7f6ec;border:1px solid #8fcfa4;padding:.6rem .8rem;border-radius:6px;margin-bottom:1rem}\
        .warning{background:#fff4e5;border-color:#f0b766}.muted{color:#5d6676;font-size:.9rem}\
        .channel{border-top:1px solid #e3e6eb;padding-top:.8rem;margin-top:.8rem}\
        .disabled{color:#b3261e;font-weight:600}.row{display:flex;gap:1rem;flex-wrap:wrap}
        """

    // MARK: The page

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
    static func escape(_ text: String) -> String { SafeText.html(SafeText.plain(text)) }
}
