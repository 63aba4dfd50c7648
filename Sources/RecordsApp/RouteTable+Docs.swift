import HandlerKit

extension RouteTable {
    /// The API description kept in the repository.
    static func docs(_ deps: AppDependencies) -> [Route] {
        [Route("GET", "/api/v1/openapi.json", handler: OpenAPIDocumentHandler(document: APIDescription.document))]
    }
}
