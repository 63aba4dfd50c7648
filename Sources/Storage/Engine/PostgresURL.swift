import Foundation
import PostgresNIO

/// A parsed connection URL (`postgres://user:pass@host:port/db?sslmode=require`, the form Neon hands out).
///
/// `sslmode`: `disable` → no TLS; `allow`/`prefer` → TLS when offered; `require` and `verify-full` → TLS with
/// full certificate verification (as node-postgres, which the original used, treats `require`); `verify-ca` →
/// verify the chain but not the host name; `no-verify` → TLS without verification. Without `sslmode`, loopback
/// hosts get no TLS and other hosts `prefer`. `sslrootcert=<file>` adds a trusted CA file; `application_name`
/// is passed on; other parameters (e.g. Neon's `channel_binding`) are ignored.
struct PostgresURL: Sendable, Equatable {
    /// How the connection uses TLS.
    enum TLSMode: String, Sendable, Equatable {
        case disable
        case prefer
        case verifyFull
        case verifyChain
        case unverified
    }

    /// Why a URL was refused.
    struct InvalidURL: Error, CustomStringConvertible {
        let reason: String
        var description: String { "invalid PostgreSQL URL: \(reason)" }
    }

    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String?
    var tlsMode: TLSMode
    var rootCertificateFile: String?
    var applicationName: String?

    init(_ url: String) throws {
        guard let components = URLComponents(string: url) else { throw InvalidURL(reason: "not a URL") }
        guard components.scheme == "postgres" || components.scheme == "postgresql" else {
            throw InvalidURL(reason: "scheme must be postgres:// or postgresql://")
        }
        guard let host = components.host, !host.isEmpty else { throw InvalidURL(reason: "missing host") }
        guard let username = components.user, !username.isEmpty else { throw InvalidURL(reason: "missing user") }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let isLoopback = ["localhost", "127.0.0.1", "::1", "[::1]"].contains(host)

        self.host = host
        self.port = components.port ?? 5432
        self.username = username
        self.password = components.password
        self.database = path.isEmpty ? nil : path
        self.rootCertificateFile = query["sslrootcert"].flatMap { $0.isEmpty || $0 == "system" ? nil : $0 }
        self.applicationName = query["application_name"]
        switch query["sslmode"] ?? (isLoopback ? "disable" : "prefer") {
        case "disable": self.tlsMode = .disable
        case "allow", "prefer": self.tlsMode = .prefer
        case "require", "verify-full": self.tlsMode = .verifyFull
        case "verify-ca": self.tlsMode = .verifyChain
        case "no-verify": self.tlsMode = .unverified
        case let other: throw InvalidURL(reason: "unsupported sslmode \(other)")
        }
    }

    /// The `PostgresClient` configuration for this URL.
    var clientConfiguration: PostgresClient.Configuration {
        var tlsConfiguration = TLSConfiguration.makeClientConfiguration()
        if let rootCertificateFile {
            tlsConfiguration.trustRoots = .file(rootCertificateFile)
        }
        let tls: PostgresClient.Configuration.TLS
        switch tlsMode {
        case .disable:
            tls = .disable
        case .prefer:
            tls = .prefer(tlsConfiguration)
        case .verifyFull:
            tls = .require(tlsConfiguration)
        case .verifyChain:
            tlsConfiguration.certificateVerification = .noHostnameVerification
            tls = .require(tlsConfiguration)
        case .unverified:
            tlsConfiguration.certificateVerification = .none
            tls = .require(tlsConfiguration)
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(5)
        if let applicationName {
            configuration.options.additionalStartupParameters.append(("application_name", applicationName))
        }
        return configuration
    }

    /// The client configuration for `url`.
    static func configuration(from url: String) throws -> PostgresClient.Configuration {
        try PostgresURL(url).clientConfiguration
    }
}
