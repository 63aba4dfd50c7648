import Foundation
import RecordsCore

/// The self-help pages (fresh preference link, password reset, address confirmation): plain
/// server-rendered HTML in the preference page's style and under its headers (CSP, no-store,
/// no-referrer), no JavaScript.
public enum SelfHelpPage {
    /// What a request form asks the server to mail.
    public enum Request: String, Sendable {
        /// A fresh preference link (the confirmation mail for an address awaiting confirmation).
        case link = "new-link"
        /// A password-reset link.
        case passwordReset = "password-reset"

        var mailKind: SelfHelpMailKind { self == .link ? .link : .passwordReset }

        var title: String { self == .link ? "Get a fresh preference link" : "Forgot your password?" }

        var explanation: String {
            switch self {
            case .link:
                "Enter the address of your account and we email it a new link to your notification preferences "
                    + "(or, if the address is not confirmed yet, the confirmation email again)."
            case .passwordReset:
                "Enter the address of your account and we email it a link to choose a new password. "
                    + "The link works once, for an hour."
            }
        }

        var button: String { self == .link ? "Email me a link" : "Email me a reset link" }
    }

    /// The answer to every accepted request, whether or not an account uses the address.
    static let sentNotice =
        "If an account uses that address, an email is on its way. It can take a few minutes; check the spam "
        + "folder too. Nothing was sent otherwise, and nothing else changed."

    /// The request form of `request`, posting to `action` (a reference relative to the current page).
    static func requestForm(_ request: Request, action: String, formToken: String) -> String {
        "<form method=\"post\" action=\"\(PreferencePage.escape(action))\">"
            + "<input type=\"hidden\" name=\"form_token\" value=\"\(PreferencePage.escape(formToken))\">"
            + "<label for=\"email\">Email address</label>"
            + "<input type=\"email\" id=\"email\" name=\"email\" maxlength=\"254\" required autocomplete=\"email\">"
            + "<button type=\"submit\">\(PreferencePage.escape(request.button))</button></form>"
    }

    /// The page of a request form (`GET /preferences/new-link`, `GET /preferences/password-reset`).
    static func requestPage(_ request: Request, formToken: String, sent: Bool) -> String {
        var parts = ["<h1>\(PreferencePage.escape(request.title))</h1>"]
        if sent {
            parts.append("<p class=\"notice\" role=\"status\">\(PreferencePage.escape(sentNotice))</p>")
        }
        parts.append("<section><p>\(PreferencePage.escape(request.explanation))</p>")
        parts.append(requestForm(request, action: request.rawValue, formToken: formToken))
        parts.append("</section>")
        let other: Request = request == .link ? .passwordReset : .link
        parts.append(
            "<p class=\"muted\"><a href=\"\(other.rawValue)\">\(PreferencePage.escape(other.title))</a></p>")
        return PreferencePage.document(title: request.title, body: parts.joined(separator: "\n"))
    }

    /// The new-password page of a reset link.
    static func resetPage(token: String, formToken: String) -> String {
        let body = """
            <h1>Choose a new password</h1>
            <section><form method="post" action="\(PreferencePage.escape(token))">\
            <input type="hidden" name="form_token" value="\(PreferencePage.escape(formToken))">\
            <label for="password">New password (8 characters or more, at most 72 bytes)</label>\
            <input type="password" id="password" name="password" minlength="8" maxlength="72" required \
            autocomplete="new-password">\
            <label for="password_confirm">The same password again</label>\
            <input type="password" id="password_confirm" name="password_confirm" minlength="8" maxlength="72" \
            required autocomplete="new-password">\
            <button type="submit">Set the new password</button></form>\
            <p class="muted">Setting it signs you out everywhere: sign in again with the new password.</p></section>
            """
        return PreferencePage.document(title: "Choose a new password", body: body)
    }

    /// The confirmation page of a confirmation link (a `GET` only shows the button: link scanners
    /// fetch links, so only the post confirms).
    static func confirmPage(token: String, formToken: String) -> String {
        let body = """
            <h1>Confirm your email address</h1>
            <section><p>Confirm that this address belongs to you: the daily digest and push-channel tests \
            wait until it is confirmed.</p>\
            <form method="post" action="\(PreferencePage.escape(token))">\
            <input type="hidden" name="form_token" value="\(PreferencePage.escape(formToken))">\
            <button type="submit">Confirm my address</button></form></section>
            """
        return PreferencePage.document(title: "Confirm your email address", body: body)
    }

    /// A page that reports a success, with an optional link onwards.
    static func done(_ title: String, _ message: String, link: (href: String, text: String)? = nil) -> Response {
        var body =
            "<h1>\(PreferencePage.escape(title))</h1>\n<p class=\"notice\" role=\"status\">"
            + "\(PreferencePage.escape(message))</p>"
        if let link {
            body += "\n<p><a href=\"\(PreferencePage.escape(link.href))\">\(PreferencePage.escape(link.text))</a></p>"
        }
        return PreferencePage.html(200, PreferencePage.document(title: title, body: body))
    }
}
