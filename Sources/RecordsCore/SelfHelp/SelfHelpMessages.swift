import Foundation

/// The texts of the self-help mails: short, a text part complete on its own and a plain HTML part.
/// Only server-made values (links, durations) appear in them, never anything a request typed.
public enum SelfHelpMessages {
    /// The mail carrying a fresh preference link.
    public static func preferenceLink(to email: String, url: String, validDays: Int) -> MailMessage {
        message(
            to: email, subject: "Your preference link",
            lines: [
                "Someone (hopefully you) asked for a new link to the notification preferences of this address's "
                    + "Trackmania record watcher account.",
                "Open your preferences (valid for \(validDays) day\(validDays == 1 ? "" : "s")):",
            ], url: url,
            after: "If you did not ask for it, ignore this email: nothing changes until the link is opened.")
    }

    /// The mail carrying a password-reset link.
    public static func passwordReset(to email: String, url: String, validMinutes: Int) -> MailMessage {
        message(
            to: email, subject: "Reset your password",
            lines: [
                "Someone (hopefully you) asked to reset the password of the Trackmania record watcher account of "
                    + "this address.",
                "Choose a new password (the link works once, for \(validMinutes) minutes):",
            ], url: url,
            after:
                "If you did not ask for it, ignore this email: your password stays as it is. Setting a new one "
                + "signs you out everywhere.")
    }

    /// The mail asking to confirm an address.
    public static func confirmation(to email: String, url: String, validDays: Int) -> MailMessage {
        message(
            to: email, subject: "Confirm your email address",
            lines: [
                "Welcome to the Trackmania record watcher. Before the daily digest or any test message goes out, "
                    + "please confirm that this address is yours.",
                "Confirm your address (valid for \(validDays) days):",
            ], url: url,
            after: "If you did not create an account, ignore this email: nothing will be sent to this address.")
    }

    private static func message(to email: String, subject: String, lines: [String], url: String, after: String)
        -> MailMessage
    {
        let text = (["Hello,", ""] + lines.flatMap { [$0, ""] }.dropLast() + [url, "", after, ""])
            .joined(separator: "\n")
        let paragraphs = lines.dropLast().map { "<p>\(SafeText.html($0))</p>" }.joined()
        let link = SafeText.html(url)
        let html = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>\(SafeText.html(subject))</title></head>\
            <body style="font-family:system-ui,sans-serif;color:#1d2330;line-height:1.45;max-width:36rem">\
            <p>Hello,</p>\(paragraphs)<p>\(SafeText.html(lines.last ?? ""))</p>\
            <p><a href="\(link)" style="color:#2855c5">\(link)</a></p>\
            <p style="color:#5d6676;font-size:.9rem">\(SafeText.html(after))</p></body></html>
            """
        return MailMessage(to: email, subject: subject, text: text, html: html)
    }
}
