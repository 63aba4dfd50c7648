/// How one file of the static site is sent: its media type and how long browsers may keep it.
public enum StaticAsset: Sendable, Equatable {
    /// `index.html` and other pages: revalidated on every load, so a deploy shows at once.
    case document
    /// A bundler-hashed file (`index-BfX3k9aQ.js`): its name changes with its content, so it is
    /// kept for a year without asking again.
    case hashed(mediaType: String)
    /// Anything else (`favicon.ico`, `robots.txt`): kept for an hour, then revalidated.
    case plain(mediaType: String)

    /// Classifies a file by its name.
    public init(fileName: String) {
        let type = Self.mediaType(fileName)
        if type.hasPrefix("text/html") {
            self = .document
        } else if Self.looksHashed(fileName) {
            self = .hashed(mediaType: type)
        } else {
            self = .plain(mediaType: type)
        }
    }

    /// The `Content-Type` value.
    public var mediaType: String {
        switch self {
        case .document: "text/html; charset=utf-8"
        case .hashed(let type), .plain(let type): type
        }
    }

    /// The `Cache-Control` value.
    public var cacheControl: String {
        switch self {
        case .document: "no-cache"
        case .hashed: "public, max-age=31536000, immutable"
        case .plain: "public, max-age=3600"
        }
    }

    /// Media types of what a built web app ships; anything else is an opaque download.
    static let mediaTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8", "json": "application/json", "map": "application/json",
        "webmanifest": "application/manifest+json", "txt": "text/plain; charset=utf-8",
        "xml": "application/xml", "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg",
        "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "avif": "image/avif",
        "ico": "image/x-icon", "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
        "wasm": "application/wasm", "mp3": "audio/mpeg", "mp4": "video/mp4", "webm": "video/webm",
        "pdf": "application/pdf",
    ]

    static func mediaType(_ fileName: String) -> String {
        guard let dot = fileName.lastIndex(of: ".") else { return "application/octet-stream" }
        let ext = fileName[fileName.index(after: dot)...].lowercased()
        return mediaTypes[ext] ?? "application/octet-stream"
    }

    /// Whether the name carries a content hash the way Vite, webpack and Parcel write one: a part
    /// of at least 8 letters and digits, with at least one digit, set off by `-` or `.` before the
    /// extension (`index-BfX3k9aQ.js`, `main.3f2a9c1e.css`).
    static func looksHashed(_ fileName: String) -> Bool {
        guard let dot = fileName.lastIndex(of: ".") else { return false }
        let stem = fileName[..<dot]
        guard let separator = stem.lastIndex(where: { $0 == "-" || $0 == "." }) else { return false }
        let hash = stem[stem.index(after: separator)...]
        return hash.count >= 8 && hash.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            && hash.contains { $0.isNumber }
    }
}
