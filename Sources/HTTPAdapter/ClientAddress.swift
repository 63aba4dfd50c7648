import NIOCore

/// Who sent a request and whether it reached the first proxy over TLS, after the trusted-proxy rule.
///
/// The chain is the `X-Forwarded-For` entries (left to right) followed by the socket peer. Walking
/// from the peer leftwards, an entry is believed only when the hop that added it (the address to its
/// right) is a trusted proxy (``TrustedProxies``), and at most `maximumHops` entries are taken
/// (`TRUSTED_PROXY_HOPS`, 0 ignores forwarded headers). An entry that is not an IP address stops
/// the walk and is never used. So a client connecting directly from an address that is not a proxy
/// cannot change the address that limits, logs and stores see.
struct ClientAddress: Equatable {
    /// The canonical text of the client address, or `unknown` without a peer.
    var address: String
    /// Whether a trusted proxy said the client used HTTPS (`X-Forwarded-Proto: https`).
    var forwardedSecure: Bool

    static func resolve(
        peer: SocketAddress?, forwardedFor: String?, forwardedProto: String?, proxies: TrustedProxies,
        maximumHops: Int
    ) -> ClientAddress {
        // Fast path of most requests: nothing forwarded, so the peer is the client.
        guard forwardedFor != nil || forwardedProto != nil else {
            return ClientAddress(address: peer.map(text(of:)) ?? "unknown", forwardedSecure: false)
        }
        guard let peer, let peerAddress = IPAddress(peer) else {
            return ClientAddress(address: peer?.ipAddress ?? "unknown", forwardedSecure: false)
        }
        // No proxy could have added the headers.
        guard maximumHops > 0, proxies.contains(peerAddress) else {
            return ClientAddress(address: peerAddress.description, forwardedSecure: false)
        }
        var client = peerAddress
        var hops = 0
        if let forwardedFor {
            let entries = forwardedFor.split(separator: ",")
            var index = entries.count - 1
            while hops < maximumHops, index >= 0, hops == 0 || proxies.contains(client) {
                guard let next = IPAddress(entries[index].trimmingBlanks()) else { break }
                client = next
                hops += 1
                index -= 1
            }
        }
        return ClientAddress(
            address: client.description, forwardedSecure: isHTTPS(forwardedProto, hops: hops))
    }

    /// The canonical text of a socket's address without building an ``IPAddress``: an IPv4-mapped
    /// peer (a server bound to `::`) is written as plain IPv4, as ``IPAddress`` writes it.
    private static func text(of peer: SocketAddress) -> String {
        guard let text = peer.ipAddress else { return "unknown" }
        if text.hasPrefix("::ffff:"), text.contains(".") { return String(text.dropFirst(7)) }
        return text
    }

    /// The scheme the proxies report for the client's hop: one value per hop, aligned from the right
    /// like `X-Forwarded-For` (a single value, as Caddy and nginx write it, is the client's).
    private static func isHTTPS(_ header: String?, hops: Int) -> Bool {
        guard let header else { return false }
        let values = header.split(separator: ",")
        guard !values.isEmpty else { return false }
        let index = max(0, values.count - max(1, hops))
        return values[index].trimmingBlanks().lowercased() == "https"
    }
}

extension Substring {
    func trimmingBlanks() -> Substring {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
