import Foundation

/// The OpenAPI 3.1 description of every route, shipped as a resource of this target
/// (`Resources/openapi.json`) and served at `GET /api/v1/openapi.json`. A test keeps it in step
/// with the route table and with the responses the fixtures produce.
public enum APIDescription {
    /// The document's JSON text; an empty object when the resource bundle is missing (a test
    /// fails on that, and the server keeps running).
    public static let document: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "{}" }
        return text
    }()
}
