/// Where and how ``SMTPMailer`` delivers.
public struct SMTPConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is secured.
    public enum Security: String, Sendable, Equatable, CaseIterable {
        /// Plain connection upgraded with `STARTTLS` before anything else is sent; refuses to
        /// continue when the server does not offer it (port 587, Gmail's submission port).
        case starttls
        /// TLS from the first byte (port 465).
        case tls
        /// No encryption: only for a relay or receiver on loopback or a trusted network.
        case none
    }

    /// `SMTP_HOST`.
    public var host: String
    /// `SMTP_PORT`.
    public var port: Int
    /// `SMTP_SECURITY`.
    public var security: Security
    /// `EMAIL_USER`: AUTH login, when the server needs one.
    public var username: String?
    /// `EMAIL_PASS`.
    public var password: String?
    /// `EMAIL_FROM`: the `From` header and envelope sender.
    public var from: MailAddress
    /// Longest wait for the TCP (and TLS) connection.
    public var connectTimeout: Duration
    /// Longest time one whole send may take, connection included.
    public var sendTimeout: Duration
    /// Most sends in flight at once; further sends wait their turn.
    public var maxConcurrentSends: Int
    /// A PEM file of extra trusted CA certificates (a private relay's, or a test's self-signed one);
    /// `nil` trusts the system's store only.
    public var caFile: String?

    public init(
        host: String, port: Int, security: Security, username: String? = nil, password: String? = nil,
        from: MailAddress, connectTimeout: Duration = .seconds(10), sendTimeout: Duration = .seconds(60),
        maxConcurrentSends: Int = 4, caFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.connectTimeout = connectTimeout
        self.sendTimeout = sendTimeout
        self.maxConcurrentSends = max(1, maxConcurrentSends)
        self.caFile = caFile
    }

    /// The libcurl URL: `smtps://` for implicit TLS, `smtp://` otherwise.
    var url: String {
        let scheme = security == .tls ? "smtps" : "smtp"
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart):\(port)"
    }

    /// Describes the set-up without the password (safe to log).
    public var description: String {
        "\(security.rawValue) \(host):\(port)" + (username == nil ? "" : " with AUTH")
    }
}
