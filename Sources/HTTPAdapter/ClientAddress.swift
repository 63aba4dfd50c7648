import Foundation

/// The client address after skipping a number of trusted proxies, as Express's `trust proxy N`.
///
/// The chain is the `X-Forwarded-For` entries (left to right) followed by the socket peer. Each
/// trusted hop vouches for the entry to its left, so with `N` trusted hops the client is the
/// entry `N` places from the right; a shorter chain yields its left-most entry. With `N = 0`
/// forwarded headers are ignored, so a client reaching the port directly cannot spoof its address.
enum ClientAddress {
    static func resolve(peer: String?, forwardedFor: [String], trustedHops: Int) -> String {
        var chain = forwardedFor.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        chain.append(peer ?? "unknown")
        let index = max(0, chain.count - 1 - max(0, trustedHops))
        return chain[index]
    }
}
