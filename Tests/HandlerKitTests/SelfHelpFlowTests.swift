import FixtureKit
import Foundation
import HandlerKit
import Logging
import RecordsApp
import RecordsCore
import Testing

/// Self-help by email, end to end through the real application and the file outbox: a request,
/// the mail it queues (read back from `MAIL_OUTBOX_DIR`), the link in it, the page, the change.
@Suite("Self-help by email")
struct SelfHelpFlowTests {
    @Test("forgot password: request → mail → link → page → reset → old sessions refused → new password works")
    func passwordResetEndToEnd() async throws {
        try await App.with { app in
            try await app.register("alice")
            await app.settle()
            #expect(try app.mails().map { $0.header("Subject") } == ["Confirm your email address"])

            let session = try #require(
                try JSONValue.parse(await app.login("alice", "first-password-1").body ?? "").objectValue)
            let access = try #require(session["access_token"]?.stringValue)
            let refresh = try #require(session["refresh_token"]?.stringValue)
            #expect(await app.json("/api/v1/users/profile", "", bearer: access).statusCode == 200)

            // Known and unknown addresses get the same answer; only the known one gets a mail.
            let known = try await app.ask("password-reset", for: "Alice@Example.com")
            let unknown = try await app.ask("password-reset", for: "nobody@example.com")
            #expect(known.statusCode == 303 && known == unknown)
            await app.settle()
            let mails = try app.mails()
            #expect(mails.count == 2)
            let reset = try #require(mails.first { $0.header("Subject") == "Reset your password" })
            #expect(reset.header("To") == "alice@example.com")
            let path = try #require(reset.path)
            #expect(path.hasPrefix("/preferences/password-reset/"))

            let page = await app.get(path)
            #expect(
                page.statusCode == 200 && page.header("Content-Security-Policy")?.contains("default-src 'none'") == true
            )
            let formToken = try App.formToken(page)
            // Weak or mismatched passwords change nothing.
            let weak = await app.post(
                path, form: [("form_token", formToken), ("password", "short"), ("password_confirm", "short")])
            #expect(weak.statusCode == 400 && weak.body?.contains("8 characters or more") == true)
            let differ = await app.post(
                path,
                form: [("form_token", formToken), ("password", "second-password-2"), ("password_confirm", "other-2")])
            #expect(differ.statusCode == 400)
            let forged = await app.post(
                path,
                form: [
                    ("form_token", "x"), ("password", "second-password-2"), ("password_confirm", "second-password-2"),
                ])
            #expect(forged.statusCode == 403)

            let done = await app.post(
                path,
                form: [
                    ("form_token", formToken), ("password", "second-password-2"),
                    ("password_confirm", "second-password-2"),
                ])
            #expect(done.statusCode == 200 && done.body?.contains("Your password is changed") == true)

            // Every session ended: the old refresh and access tokens are refused.
            #expect(await app.json("/api/v1/users/refresh", #"{"refresh_token":"\#(refresh)"}"#).statusCode == 401)
            #expect(await app.json("/api/v1/users/profile", "", bearer: access).statusCode == 401)
            #expect(await app.login("alice", "first-password-1").statusCode == 401)
            #expect(await app.login("alice", "second-password-2").statusCode == 200)

            // Single use: the link is spent, on the page and on a second post.
            #expect(await app.get(path).statusCode == 410)
            let again = await app.post(
                path,
                form: [
                    ("form_token", formToken), ("password", "third-password-3"),
                    ("password_confirm", "third-password-3"),
                ])
            #expect(again.statusCode == 410)
            #expect(await app.login("alice", "second-password-2").statusCode == 200)
            // The link reached the address, so it is confirmed too.
            let user = try #require(try await app.deps.repositories.users.user(loginIdentifier: "alice"))
            #expect(try await app.deps.repositories.selfHelp.isConfirmed(userId: user.id))
        }
    }

    @Test("an address is confirmed by its link; push tests wait for it; the fresh-link form resends the mail")
    func confirmationAndFreshLink() async throws {
        try await App.with { app in
            try await app.register("bob")
            await app.settle()
            let bob = try #require(try await app.deps.repositories.users.user(loginIdentifier: "bob"))
            #expect(try await app.deps.repositories.selfHelp.isConfirmed(userId: bob.id) == false)

            // Push-channel tests wait for the confirmation.
            let links = try #require(app.deps.preferenceLinks)
            let prefs = "/preferences/\(links.token(userId: bob.id, generation: 0, now: Date()))"
            let prefsPage = await app.get(prefs)
            let marker = "name=\"action\" value=\"add-ntfy\"><input type=\"hidden\" name=\"form_token\" value=\""
            let body = prefsPage.body ?? ""
            let start = try #require(body.range(of: marker)).upperBound
            let addToken = String(body[start...].prefix { $0 != "\"" })
            let refused = await app.post(
                prefs,
                form: [("action", "add-ntfy"), ("form_token", addToken), ("topic", "bob-news"), ("mapper", "on")])
            #expect(refused.statusCode == 403 && refused.body?.contains("Confirm your email address first") == true)
            #expect(refused.body?.contains("action=\"new-link\"") == true)
            #expect(try await app.deps.repositories.pushChannels.channels(userId: bob.id).isEmpty)

            // Lost the mail: the fresh-link form sends the confirmation again.
            #expect(try await app.ask("new-link", for: "bob@example.com").statusCode == 303)
            await app.settle()
            let mails = try app.mails()
            #expect(mails.map { $0.header("Subject") } == ["Confirm your email address", "Confirm your email address"])
            // Both confirmation mails carry a working link; the newer one is used.
            let path = try #require(mails.last?.path)
            #expect(path.hasPrefix("/preferences/confirm-email/"))

            let page = await app.get(path)
            #expect(page.statusCode == 200 && page.body?.contains("Confirm my address") == true)
            // A GET (a link scanner) confirms nothing.
            #expect(try await app.deps.repositories.selfHelp.isConfirmed(userId: bob.id) == false)
            let confirmed = await app.post(path, form: [("form_token", try App.formToken(page))])
            #expect(confirmed.statusCode == 200 && confirmed.body?.contains("Your address is confirmed") == true)
            #expect(try await app.deps.repositories.selfHelp.isConfirmed(userId: bob.id))

            // Confirmed: the fresh-link form now mails a preference link that opens the page.
            #expect(try await app.ask("new-link", for: "bob@example.com").statusCode == 303)
            await app.settle()
            let fresh = try #require(try app.mails().first { $0.header("Subject") == "Your preference link" })
            #expect(fresh.header("To") == "bob@example.com")
            let freshPath = try #require(fresh.path)
            #expect(await app.get(freshPath).statusCode == 200)
        }
    }

    /// A clock that stands still.
    struct StoppedClock: WallClock {
        var now: Date
    }

    /// Mail that cannot be delivered.
    struct DownMailer: MailSender {
        func send(_ message: MailMessage) async throws { throw MailError.unavailable("connection refused") }
    }

    /// Keeps what it is given.
    actor KeepingMailer: MailSender {
        private(set) var sent: [MailMessage] = []
        func send(_ message: MailMessage) async throws { sent.append(message) }
    }

    @Test("registration answers as before when mail is down; the confirmation mail is retried later")
    func registrationWithMailDown() async throws {
        try await App.with(mailer: DownMailer()) { app in
            try await app.register("carol")
            await app.settle()
            let repo = app.deps.repositories.selfHelp
            // The failed attempt put the mail back for later, not away.
            #expect(try await repo.claimNext(now: Date(), lease: 1) == nil)
            let keeping = KeepingMailer()
            let outbox = try #require(app.deps.selfHelp)
            var later = outbox.mailer
            later.mailer = keeping
            later.clock = StoppedClock(now: Date().addingTimeInterval(120))
            #expect(try await later.deliverDue() == 1)
            let sent = await keeping.sent
            #expect(sent.map(\.to) == ["carol@example.com"] && sent.first?.subject == "Confirm your email address")
            #expect(sent.first?.text.contains("https://records.example.com/preferences/confirm-email/") == true)
        }
    }

    @Test("EMAIL_CONFIRMATION=off: no confirmation mail, nothing waits")
    func confirmationOff() async throws {
        try await App.with(["EMAIL_CONFIRMATION": "off"]) { app in
            try await app.register("dave")
            await app.settle()
            #expect(try app.mails().isEmpty)
            let dave = try #require(try await app.deps.repositories.users.user(loginIdentifier: "dave"))
            #expect(try await app.deps.repositories.selfHelp.isConfirmed(userId: dave.id))
        }
    }

    @Test("links are signed, expire, and one kind never stands for another")
    func linkSigning() throws {
        let links = SelfHelpLinks(preferenceKey: Array("k".utf8), baseURL: "https://records.example.com/")
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let reset = links.resetToken(userId: 7, now: now)
        let claims = try links.verifyReset(reset.token, now: now)
        #expect(claims.userId == 7 && claims.nonceHash == reset.nonceHash)
        #expect(reset.nonceHash.count == 64 && !reset.token.contains(reset.nonceHash))
        #expect(throws: SelfHelpLinks.Problem.expired) { try links.verifyReset(reset.token, now: now + 3601) }
        let other = SelfHelpLinks(preferenceKey: Array("other".utf8), baseURL: "https://records.example.com")
        #expect(throws: SelfHelpLinks.Problem.invalid) { try other.verifyReset(reset.token, now: now) }
        let confirm = links.confirmationToken(userId: 7, email: "A@example.com", now: now)
        try links.verifyConfirmation(confirm, email: "a@example.com", now: now)
        #expect(throws: SelfHelpLinks.Problem.invalid) {
            try links.verifyConfirmation(confirm, email: "b@example.com", now: now)
        }
        #expect(throws: SelfHelpLinks.Problem.expired) {
            try links.verifyConfirmation(confirm, email: "a@example.com", now: now + 8 * 86_400)
        }
        #expect(throws: SelfHelpLinks.Problem.invalid) { try links.verifyReset(confirm, now: now) }
        let form = links.requestFormToken(action: "new-link", now: now)
        #expect(links.checkRequestFormToken(form, action: "new-link", now: now + 60))
        #expect(!links.checkRequestFormToken(form, action: "password-reset", now: now))
        #expect(!links.checkRequestFormToken(form, action: "new-link", now: now + 3 * 3600))
        #expect(links.resetURL(token: "t") == "https://records.example.com/preferences/password-reset/t")
    }
}
