import Foundation
import RecordsCore

/// Decodes upstream bodies, turning any shape mismatch into ``TrackmaniaError/malformedResponse(_:)``.
enum JSONBody {
    /// - Parameters:
    ///   - type: The expected shape.
    ///   - response: The upstream response.
    ///   - endpoint: Named in the error so the log says which call misbehaved.
    static func decode<T: Decodable>(_ type: T.Type, from response: InboundResponse, endpoint: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(response.body))
        } catch {
            throw TrackmaniaError.malformedResponse("\(endpoint): expected \(T.self) (\(response.body.count) bytes)")
        }
    }
}
