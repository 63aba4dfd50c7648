import Foundation
import Hummingbird

extension FakeRoutes {
    func registerOAuth(on router: Router<BasicRequestContext>) {
        router.post("/oauth/api/access_token") { request, _ in
            try await serve(FakeEndpoint.oauthToken, request) {
                try await grant(FakeQuery(String(decoding: FakeRoutes.body(of: request), as: UTF8.self)))
            }
        }
        router.get("/oauth/api/display-names") { request, _ in
            try await serve(FakeEndpoint.displayNames, request) {
                guard await bearerAuthorized(request) else { return oauthUnauthorized }
                let ids = FakeQuery(request.uri.query).bracketed("accountId")
                guard ids.count <= 50 else {
                    return .oauthError(.badRequest, error: "invalid_request", message: "At most 50 account ids")
                }
                let accounts = await state.accountsById
                let names = Dictionary(ids.compactMap { id in accounts[id].map { (id, $0.displayName) } }) { a, _ in a }
                // An empty answer comes back as a JSON array, as PHP encodes an empty map.
                return names.isEmpty ? .json([String]()) : .json(names)
            }
        }
        router.get("/oauth/api/display-names/account-ids") { request, _ in
            try await serve(FakeEndpoint.accountIds, request) {
                guard await bearerAuthorized(request) else { return oauthUnauthorized }
                let names = FakeQuery(request.uri.query).bracketed("displayName")
                guard names.count <= 50 else {
                    return .oauthError(.badRequest, error: "invalid_request", message: "At most 50 display names")
                }
                let accounts = await state.world.accounts
                var ids: [String: String] = [:]
                for name in names {
                    if let account = accounts.first(where: { $0.displayName == name }) { ids[name] = account.accountId }
                }
                return ids.isEmpty ? .json([String]()) : .json(ids)
            }
        }
    }

    private var oauthUnauthorized: Reply {
        .oauthError(.unauthorized, error: "invalid_token", message: "The access token is invalid or expired")
    }

    private func bearerAuthorized(_ request: Request) async -> Bool {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return false }
        return await state.validToken(String(header.dropFirst("Bearer ".count)), kind: .oauth) != nil
    }

    private func grant(_ form: FakeQuery) async -> Reply {
        guard form.first("grant_type") == "client_credentials" else {
            return .oauthError(.badRequest, error: "unsupported_grant_type", message: "Only client_credentials")
        }
        let credentials = await state.world.credentials
        guard form.first("client_id") == credentials.clientId, form.first("client_secret") == credentials.clientSecret
        else { return .oauthError(.unauthorized, error: "invalid_client", message: "Client authentication failed") }
        let token = await state.mintToken(kind: .oauth, audience: "api.trackmania.com")
        let lifetime = await state.world.tokens.oauthSeconds
        return .json(["token_type": "bearer", "expires_in": lifetime, "access_token": token])
    }
}
