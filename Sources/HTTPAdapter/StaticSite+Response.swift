import Foundation
import HTTPTypes
import HandlerKit
import Hummingbird

extension StaticSite {
    /// The headers a page of the app carries: the API's security headers except its
    /// `Content-Security-Policy`, which forbids everything a page needs (the app's own policy, if
    /// any, belongs in its `index.html`).
    static let pageSecurityHeaders = HTTPPolicy.securityHeaders.filter { $0.0 != "Content-Security-Policy" }

    /// Answers a request the site serves (see ``serves(method:path:)``).
    /// - Parameters:
    ///   - request: The request; `If-None-Match` is honoured.
    ///   - secure: The client reached our trusted proxy over TLS (adds `Strict-Transport-Security`).
    ///   - fileIO: Reads the file off the event loop.
    ///   - context: The request context, for streaming the file.
    public func respond(
        to request: Request, secure: Bool, fileIO: FileIO, context: some RequestContext
    ) async -> Hummingbird.Response {
        var fields = HTTPFields()
        for (name, value) in Self.pageSecurityHeaders {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        if secure { fields[.strictTransportSecurity] = HTTPPolicy.strictTransportValue }
        guard case .file(let path, let kind, let size, let modified) = resolve(path: request.uri.path) else {
            fields[.contentType] = "text/plain; charset=utf-8"
            return Response(status: .notFound, headers: fields, body: .init(byteBuffer: .init(string: "Not found\n")))
        }
        let tag = "\"\(String(size, radix: 16))-\(String(modified, radix: 16))\""
        fields[.eTag] = tag
        fields[.lastModified] = Date(timeIntervalSince1970: TimeInterval(modified)).httpDate
        fields[.cacheControl] = kind.cacheControl
        if let condition = request.headers[.ifNoneMatch],
            condition.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag })
        {
            return Response(status: .notModified, headers: fields)
        }
        fields[.contentType] = kind.mediaType
        fields[.contentLength] = String(size)
        if request.method == .head { return Response(status: .ok, headers: fields) }
        do {
            return Response(status: .ok, headers: fields, body: try await fileIO.loadFile(path: path, context: context))
        } catch {
            // Removed between the look-up and the read: as if it had never been there.
            fields[.contentType] = "text/plain; charset=utf-8"
            fields[.contentLength] = nil
            return Response(status: .notFound, headers: fields, body: .init(byteBuffer: .init(string: "Not found\n")))
        }
    }
}

extension Date {
    /// The IMF-fixdate form of RFC 9110 §5.6.7 (`Sun, 06 Nov 1994 08:49:37 GMT`).
    fileprivate var httpDate: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: self)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        return "\(days[(parts.weekday ?? 1) - 1]), \(two(parts.day)) \(months[(parts.month ?? 1) - 1]) "
            + "\(parts.year ?? 1970) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) GMT"
    }
}
