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

        /// The self-help form shown under the message (a link that expired or is not valid offers to
        /// mail a fresh one).
        var offer: Offer?

        var response: Response { PreferencePage.errorPage(self) }

        /// A link whose token is malformed, forged or cut short.
        static let invalidLink = Failure(
            403, "This link is not valid",
            "The address is incomplete or was changed. Open the link from your email again, in full.")
    }

    /// A self-help request form offered on an error page.
    struct Offer: Sendable {
        var request: SelfHelpPage.Request
        /// Where the form posts, relative to the page that failed.
        var action: String
        var formToken: String
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
        var body = "<h1>\(escape(failure.title))</h1>\n<p>\(escape(failure.message))</p>\n"
        if let offer = failure.offer {
            body +=
                "<section>\(SelfHelpPage.requestForm(offer.request, action: offer.action, formToken: offer.formToken))"
                + "</section>\n"
        }
        body += "<p class=\"muted\">Nothing was changed.</p>"
        return html(failure.status, document(title: failure.title, body: body))
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
        label{display:block;margin:.2rem 0}input[type=text],input[type=url],input[type=email],input[type=password],select{width:100%;box-sizing:border-box;\
        padding:.45rem;border:1px solid #b9bfca;border-radius:4px;font:inherit}\
        button{font:inherit;padding:.45rem .9rem;border-radius:4px;border:1px solid #2855c5;background:#2f63e0;\
        color:#fff;cursor:pointer;margin:.2rem .4rem .2rem 0}button.secondary{background:#fff;color:#2855c5}\
        button.danger{background:#fff;color:#b3261e;border-color:#b3261e}\
        .notice{background:#e7f6ec;border:1px solid #8fcfa4;padding:.6rem .8rem;border-radius:6px;margin-bottom:1rem}\
        .warning{background:#fff4e5;border-color:#f0b766}.muted{color:#5d6676;font-size:.9rem}\
        .channel{border-top:1px solid #e3e6eb;padding-top:.8rem;margin-top:.8rem}\
        .disabled{color:#b3261e;font-weight:600}.row{display:flex;gap:1rem;flex-wrap:wrap}
        """

    static func escape(_ text: String) -> String { SafeText.html(SafeText.plain(text)) }
}
