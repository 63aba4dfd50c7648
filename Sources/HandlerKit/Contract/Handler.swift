import Logging
import RecordsCore

/// One operation of the API: an event in, a response out.
///
/// Handlers are structs that receive their dependencies through `init`. They return 2xx responses
/// and throw ``HandlerError`` for expected failures; anything else they throw is unexpected and
/// becomes a generic 500 with details only in the log.
public protocol Handler: Sendable {
    /// Handles one request.
    /// - Parameters:
    ///   - event: The request, with path parameters filled in and the body normalised to JSON.
    ///   - context: Per-request facilities: id, logger, clock, parsed body and the caller.
    /// - Returns: The response to send.
    /// - Throws: ``HandlerError`` for expected failures; anything else is a 500.
    func handle(_ event: Event, context: HandlerContext) async throws -> Response
}

/// What a handler gets besides the event.
public struct HandlerContext: Sendable {
    /// A unique id for this request, also in the logger's `request-id` metadata.
    public var requestId: String
    /// A logger carrying `request-id`; never log bodies, tokens or hashes through it.
    ///
    /// The metadata is attached when a handler asks for the logger, not for every request: most
    /// requests log nothing, and copying the logger's metadata showed up in profiles.
    public var logger: Logger {
        get {
            var logger = baseLogger
            logger[metadataKey: "request-id"] = .string(requestId)
            return logger
        }
        set { baseLogger = newValue }
    }
    private var baseLogger: Logger
    /// The clock every time-dependent decision uses.
    public var clock: any WallClock
    /// The JSON body as an object (`{}` when the request had none).
    public var body: RequestBody
    /// The authenticated caller when the route requires authentication.
    public var caller: Caller?

    public init(
        requestId: String, logger: Logger, clock: any WallClock, body: RequestBody = RequestBody(),
        caller: Caller? = nil
    ) {
        self.requestId = requestId
        self.baseLogger = logger
        self.clock = clock
        self.body = body
        self.caller = caller
    }

    /// The caller of a route that declared authentication.
    /// - Throws: An internal error when the route table forgot to declare it (a programming error).
    public func requireCaller() throws -> Caller {
        guard let caller else { throw MissingCallerError() }
        return caller
    }
}

/// Thrown by ``HandlerContext/requireCaller()`` when a route lacks its auth declaration.
struct MissingCallerError: Error {}

/// The authenticated user of a request.
public struct Caller: Sendable, Equatable {
    /// The user row as read at authentication time (the role comes from the database).
    public var user: User
    /// The login session the token belongs to.
    public var sessionId: String

    public init(user: User, sessionId: String) {
        self.user = user
        self.sessionId = sessionId
    }

    /// The user's id.
    public var userId: Int { user.id }
    /// Whether the database says this user is an admin.
    public var isAdmin: Bool { user.role == .admin }
}
