import Foundation
import RecordsCore

/// The self-help pages' form posts: the same protections as the preference form (a form token in
/// every form, checked in constant time; only the form's own fields; every value bounded), plus a
/// refusal of posts a browser marks as cross-site (`Sec-Fetch-Site`).
enum SelfHelpForm {
    /// The posted fields, after the checks every self-help post shares.
    /// - Parameters:
    ///   - allowed: The form's fields besides `form_token`, each with its longest accepted length.
    ///   - checkToken: Whether the offered form token is the form's.
    /// - Throws: ``PreferencePage/Failure``: 403 cross-site or without a valid form token, 400 for a
    ///   field that is not text, unexpected or too long.
    static func fields(
        _ event: Event, body: RequestBody, allowed: [String: Int], checkToken: (String) -> Bool
    ) throws -> [String: String] {
        if event.header("Sec-Fetch-Site")?.lowercased() == "cross-site" {
            throw PreferencePage.Failure(
                403, "This form cannot be accepted", "It was sent from another site. Open this page directly.")
        }
        var fields: [String: String] = [:]
        for member in body.object.members {
            guard case .string(let value) = member.value else {
                throw PreferenceForm.bad("The field \(String(member.key.prefix(40))) must be text.")
            }
            fields[member.key] = value
        }
        guard let token = fields.removeValue(forKey: "form_token"), token.utf8.count <= 200, checkToken(token) else {
            throw PreferencePage.Failure(
                403, "This form cannot be accepted",
                "It did not come from this page, or the page is too old. Open the page again and retry.")
        }
        for (name, value) in fields {
            guard let longest = allowed[name] else {
                throw PreferenceForm.bad("Unexpected field \(String(name.prefix(40))).")
            }
            guard value.utf8.count <= longest else { throw PreferenceForm.bad("The field \(name) is too long.") }
        }
        return fields
    }

    /// A 400 ``HandlerError`` of the account rules (email, password) as a page.
    static func page(for error: HandlerError) -> PreferencePage.Failure {
        PreferenceForm.bad(error.message.hasSuffix(".") ? error.message : error.message + ".")
    }

    /// Counts one request against `rule` for `key`; over the limit, a 429 page with `Retry-After`.
    static func limit(_ limiter: RequestLimiter, _ rule: RateRule, key: String, now: Date) async throws {
        do {
            try await limiter.consume(rule, key: key, now: now)
        } catch let error as HandlerError where error.status == 429 {
            var response = PreferencePage.Failure(429, "Too many requests", error.message).response
            for (name, value) in error.headers { response.setHeader(name, value) }
            throw PreferencePage.Refusal(response: response)
        }
    }
}
