import Foundation

/// An access key pair, with the session token of temporary credentials (a Lambda function's role).
public struct AWSCredentials: Sendable, Equatable {
    public var accessKeyId: String
    public var secretAccessKey: String
    /// Present for temporary credentials; sent as `X-Amz-Security-Token` and signed.
    public var sessionToken: String?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Why credentials could not be read.
    public struct Missing: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` (what the Lambda
    /// service puts in every function's environment).
    /// - Throws: ``Missing`` naming the unset variables.
    public static func fromEnvironment(_ environment: [String: String]) throws -> AWSCredentials {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        let key = value("AWS_ACCESS_KEY_ID")
        let secret = value("AWS_SECRET_ACCESS_KEY")
        guard let key, let secret else {
            let missing = [key == nil ? "AWS_ACCESS_KEY_ID" : nil, secret == nil ? "AWS_SECRET_ACCESS_KEY" : nil]
                .compactMap { $0 }
            throw Missing(description: missing.joined(separator: " and ") + " must be set")
        }
        return AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: value("AWS_SESSION_TOKEN"))
    }
}
