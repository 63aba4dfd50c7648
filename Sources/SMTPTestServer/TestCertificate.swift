import Crypto
import Foundation
import NIOSSL
import X509

/// A self-signed certificate for `localhost`, made at test time, so TLS and
/// STARTTLS can be tested (connect to `localhost`) against a client that verifies certificates (given the PEM as its CA).
public struct TestCertificate: Sendable {
    /// The certificate (also its own CA) in PEM.
    public let certificatePEM: String
    /// The P-256 private key in PEM.
    public let privateKeyPEM: String

    /// Makes a fresh key and certificate valid from an hour ago for a day.
    public static func selfSigned() throws -> TestCertificate {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("localhost") }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 86_400, issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                KeyUsage(digitalSignature: true, keyCertSign: true)
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([.dnsName("localhost")])
            },
            issuerPrivateKey: .init(key))
        return TestCertificate(
            certificatePEM: try certificate.serializeAsPEM().pemString, privateKeyPEM: key.pemRepresentation)
    }

    /// Writes the certificate to a PEM file a client can use as its CA file; returns the path.
    public func writeCAFile(directory: String = NSTemporaryDirectory()) throws -> String {
        let path = (directory as NSString).appendingPathComponent("smtp-test-ca-\(UUID().uuidString).pem")
        try certificatePEM.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func serverContext() throws -> NIOSSLContext {
        let certificate = try NIOSSLCertificate(bytes: Array(certificatePEM.utf8), format: .pem)
        let key = try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(certificate)], privateKey: .privateKey(key))
        return try NIOSSLContext(configuration: configuration)
    }
}
