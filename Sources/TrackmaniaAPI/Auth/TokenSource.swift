/// Supplies the `Authorization` header of an authenticated host and learns when it was refused.
protocol TokenSource: Sendable {
    /// The full header value, e.g. `nadeo_v1 t=…` or `Bearer …`, renewing the token first if needed.
    func authorizationHeader() async throws -> String
    /// The upstream answered 401 to a request carrying `authorization`; forget that token.
    func rejected(authorization: String) async
}
