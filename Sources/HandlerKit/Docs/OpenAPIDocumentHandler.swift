/// `GET /api/v1/openapi.json`: the API description kept in the repository, served as is.
public struct OpenAPIDocumentHandler: Handler {
    private let document: String

    /// - Parameter document: The OpenAPI document's JSON text, read once at start-up.
    public init(document: String) {
        self.document = document
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        Response(statusCode: 200, headers: Response.jsonHeaders, body: document)
    }
}
