import Foundation
import NIOCore

/// An IP address as 16 bytes: IPv6 as is, IPv4 in its IPv4-mapped IPv6 form (`::ffff:a.b.c.d`), so
/// one prefix match serves both families and a mapped peer matches the IPv4 ranges.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// Network byte order.
    let bytes: [UInt8]

    private static let mappedPrefix: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses a literal address (`203.0.113.9`, `2001:db8::1`, `::ffff:10.0.0.1`); also accepts the
    /// forms proxies sometimes write: `[2001:db8::1]`, `[2001:db8::1]:443` and `203.0.113.9:443`.
    /// Anything else (host names, `unknown`, obfuscated identifiers) is `nil`.
    public init?(_ text: some StringProtocol) {
        var literal = Substring(text)
        if literal.hasPrefix("[") {
            guard let close = literal.firstIndex(of: "]") else { return nil }
            literal = literal[literal.index(after: literal.startIndex)..<close]
        } else if let colon = literal.firstIndex(of: ":"), literal.lastIndex(of: ":") == colon,
            literal.contains(".")
        {
            // One colon and dots: an IPv4 address with a port.
            literal = literal[..<colon]
        }
        // Literal addresses are short and plain ASCII; anything else is refused before parsing.
        guard !literal.isEmpty, literal.utf8.count <= 45,
            literal.utf8.allSatisfy({ $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") || Self.isHexDigit($0) }),
            let address = try? SocketAddress(ipAddress: String(literal), port: 0)
        else { return nil }
        self.init(address)
    }

    /// The address of a socket, `nil` for a Unix socket.
    public init?(_ address: SocketAddress) {
        switch address {
        case .v4(let v4):
            var raw = v4.address.sin_addr
            bytes = Self.mappedPrefix + withUnsafeBytes(of: &raw) { Array($0) }
        case .v6(let v6):
            var raw = v6.address.sin6_addr
            bytes = withUnsafeBytes(of: &raw) { Array($0) }
        case .unixDomainSocket:
            return nil
        }
    }

    /// Whether this is an IPv4 address (or an IPv4-mapped IPv6 one).
    public var isIPv4: Bool { bytes.starts(with: Self.mappedPrefix) }

    /// The canonical text: dotted IPv4 (mapped addresses too, so `::ffff:1.2.3.4` and `1.2.3.4` are one
    /// client for limits), RFC 5952 IPv6. Never the text a client sent.
    public var description: String {
        if isIPv4 { return bytes[12...].map(String.init).joined(separator: ".") }
        var storage = sockaddr_in6()
        storage.sin6_family = sa_family_t(AF_INET6)
        bytes.withUnsafeBytes { source in
            withUnsafeMutableBytes(of: &storage.sin6_addr) { $0.copyMemory(from: source) }
        }
        return SocketAddress(storage, host: "").ipAddress ?? "unknown"
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
            || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
    }
}

/// An address range in CIDR notation.
public struct AddressRange: Sendable, Hashable {
    let network: IPAddress
    /// Prefix length over the 16-byte form (an IPv4 `/8` is 104 here).
    let prefix: Int

    /// Parses `10.0.0.0/8`, `fd00::/8`, or a single address (a full-length prefix).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = IPAddress(parts[0]) else { return nil }
        let width = address.isIPv4 ? 32 : 128
        var length = width
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...width).contains(parsed) else { return nil }
            length = parsed
        }
        network = address
        prefix = length + (address.isIPv4 ? 96 : 0)
    }

    /// Whether `address` lies in this range.
    public func contains(_ address: IPAddress) -> Bool {
        var remaining = prefix
        var index = 0
        while remaining >= 8 {
            guard address.bytes[index] == network.bytes[index] else { return false }
            remaining -= 8
            index += 1
        }
        guard remaining > 0 else { return true }
        let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - remaining))
        return address.bytes[index] & mask == network.bytes[index] & mask
    }
}

/// The proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` entries are believed
/// (`TRUSTED_PROXIES`), as Express's and Rails' trusted-proxy lists: an entry counts only when the
/// hop that added it is one of these addresses.
public struct TrustedProxies: Sendable, Equatable {
    /// The ranges; empty trusts no proxy.
    public let ranges: [AddressRange]

    public init(ranges: [AddressRange]) {
        self.ranges = ranges
    }

    /// `127.0.0.0/8` and `::1`.
    public static let loopbackRanges = ["127.0.0.0/8", "::1/128"].compactMap { AddressRange($0) }
    /// RFC 1918 and RFC 4193 unique-local ranges: where a reverse proxy in a Docker or private network sits.
    public static let privateRanges = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"].compactMap {
        AddressRange($0)
    }

    /// The default, `loopback,private`: a proxy on the same host or in the same private network.
    public static let `default` = TrustedProxies(ranges: loopbackRanges + privateRanges)
    /// Trusts no proxy: forwarded headers are ignored.
    public static let none = TrustedProxies(ranges: [])

    /// Parses the setting: comma-separated CIDRs or single addresses and the words `loopback`,
    /// `private` and `none` (alone). `nil` when an item is not understood.
    public init?(setting: String) {
        let items = setting.split(separator: ",").map { $0.trimmingBlanks() }.filter { !$0.isEmpty }
        guard !items.isEmpty else { return nil }
        if items.count == 1, items[0].lowercased() == "none" {
            self = .none
            return
        }
        var ranges: [AddressRange] = []
        for item in items {
            switch item.lowercased() {
            case "loopback": ranges += Self.loopbackRanges
            case "private": ranges += Self.privateRanges
            default:
                guard let range = AddressRange(item) else { return nil }
                ranges.append(range)
            }
        }
        self.init(ranges: ranges)
    }

    /// Whether `address` is a trusted proxy.
    public func contains(_ address: IPAddress) -> Bool {
        ranges.contains { $0.contains(address) }
    }
}
