import CCurlShim
import RecordsCore

/// One blocking SMTP transaction through libcurl: connect, (STARTTLS,) EHLO, AUTH when configured,
/// MAIL FROM, RCPT TO, DATA (libcurl dot-stuffs the upload and appends the final `.`), QUIT.
///
/// Runs on a dedicated thread (see ``SMTPMailer``); each call uses its own easy handle.
enum CurlSMTPTransfer {
    static func perform(_ mail: ComposedMail, configuration: SMTPConfiguration) throws {
        guard ccurl_global_init_once() == CURLE_OK else {
            throw MailError.unavailable("libcurl could not be initialised")
        }
        guard let handle = curl_easy_init() else {
            throw MailError.unavailable("libcurl could not create a transfer")
        }
        defer { curl_easy_cleanup(handle) }

        let recipients = curl_slist_append(nil, "<\(mail.recipient)>")
        defer { curl_slist_free_all(recipients) }
        let source = Unmanaged.passRetained(UploadSource(mail.data))
        defer { source.release() }

        try check(ccurl_setopt_string(handle, CURLOPT_URL, configuration.url))
        // Only SMTP may ever be spoken, whatever the URL says.
        try check(ccurl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps"))
        try check(ccurl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(mail.sender)>"))
        try check(ccurl_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients))
        try check(ccurl_setopt_long(handle, CURLOPT_UPLOAD, 1))
        try check(
            ccurl_setopt_read_callback(handle) { buffer, size, count, userdata in
                guard let buffer, let userdata else { return 0 }
                return Unmanaged<UploadSource>.fromOpaque(userdata).takeUnretainedValue()
                    .read(into: buffer, capacity: size * count)
            })
        try check(ccurl_setopt_pointer(handle, CURLOPT_READDATA, source.toOpaque()))
        let useSSL = configuration.security == .none ? CURLUSESSL_NONE : CURLUSESSL_ALL
        try check(ccurl_setopt_long(handle, CURLOPT_USE_SSL, Int(useSSL.rawValue)))
        if let caFile = configuration.caFile {
            try check(ccurl_setopt_string(handle, CURLOPT_CAINFO, caFile))
        }
        if let username = configuration.username {
            try check(ccurl_setopt_string(handle, CURLOPT_USERNAME, username))
            try check(ccurl_setopt_string(handle, CURLOPT_PASSWORD, configuration.password ?? ""))
        }
        try check(ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds(configuration.connectTimeout)))
        try check(ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds(configuration.sendTimeout)))
        // Signals would hit arbitrary threads of the server; timeouts work without them.
        try check(ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))

        let result = curl_easy_perform(handle)
        guard result != CURLE_OK else { return }
        var response = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &response)
        throw classify(result, response: response)
    }

    /// Maps libcurl's result and the last SMTP reply code to ``MailError``.
    ///
    /// 4xx replies, connection failures and timeouts may pass: `unavailable`. 5xx replies refuse
    /// this message for good: `rejected`, except authentication failures (530, 534, 535, 538), which
    /// are a configuration problem the next attempt may not have: `unavailable`.
    static func classify(_ code: CURLcode, response: Int) -> MailError {
        let reason = String(cString: curl_easy_strerror(code))
        if code == CURLE_LOGIN_DENIED || [530, 534, 535, 538].contains(response) {
            return .unavailable("the SMTP server refused the login (\(response)): check EMAIL_USER and EMAIL_PASS")
        }
        switch response {
        case 500...599: return .rejected("the SMTP server refused the message (\(response))")
        case 400...499: return .unavailable("the SMTP server deferred the message (\(response))")
        default: break
        }
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .unavailable("the SMTP server did not answer in time")
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST:
            return .unavailable("the SMTP server could not be reached (\(reason))")
        case CURLE_USE_SSL_FAILED:
            return .unavailable("the SMTP server does not offer STARTTLS (\(reason))")
        default:
            return .unavailable("SMTP delivery failed (\(reason))")
        }
    }

    private static func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else {
            throw MailError.unavailable("libcurl refused an SMTP option (\(String(cString: curl_easy_strerror(code))))")
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}

/// The message bytes libcurl reads through the read callback; confined to the transfer's thread.
private final class UploadSource {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { source in
            UnsafeMutableRawPointer(buffer).copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
