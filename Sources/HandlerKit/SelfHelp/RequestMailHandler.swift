import Foundation
import RecordsCore

/// `POST /preferences/new-link` and `POST /preferences/password-reset`: queues the mail the form asks
/// for and answers `303 See Other` to the form with the same notice whether or not an account uses
/// the address.
///
/// No enumeration: after the checks every request passes alike (form token, address syntax, the
/// per-client and per-address limits), the handler does the same work for every address, one insert
/// into the mail queue; the worker looks the account up and sends, off the request path.
public struct RequestMailHandler: Handler {
    private let request: SelfHelpPage.Request
    private let outbox: SelfHelpOutbox
    private let limiter: RequestLimiter

    /// - Parameters:
    ///   - request: Which form.
    ///   - outbox: Queues the mail and wakes its worker.
    ///   - limiter: ``RateRule/selfHelpClient`` and ``RateRule/selfHelpAddress``.
    public init(_ request: SelfHelpPage.Request, outbox: SelfHelpOutbox, limiter: RequestLimiter) {
        self.request = request
        self.outbox = outbox
        self.limiter = limiter
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let now = context.clock.now
        do {
            let links = outbox.mailer.links
            let action = request.rawValue
            let fields = try SelfHelpForm.fields(event, body: context.body, allowed: ["email": 254]) { offered in
                links.checkRequestFormToken(offered, action: action, now: now)
            }
            let email: String
            do {
                guard let raw = fields["email"], !raw.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw PreferenceForm.bad("Enter the email address of your account.")
                }
                email = try AccountRules.email(raw)
            } catch let error as HandlerError {
                throw SelfHelpForm.page(for: error)
            }
            try await SelfHelpForm.limit(limiter, .selfHelpClient, key: event.sourceIP, now: now)
            try await SelfHelpForm.limit(limiter, .selfHelpAddress, key: email, now: now)
            try await outbox.request(request.mailKind, email: email, now: now)
            context.logger.info("self-help mail asked for", metadata: ["kind": .string(request.mailKind.rawValue)])
            return PreferencePage.redirect("\(action)?notice=sent")
        } catch let failure as PreferencePage.Failure {
            return failure.response
        } catch let refusal as PreferencePage.Refusal {
            return refusal.response
        }
    }
}
