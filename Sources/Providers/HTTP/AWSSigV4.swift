import Spec

/// AWS Signature Version 4 request signing, done by libcurl (`CURLOPT_AWS_SIGV4`), for S3
/// and S3-compatible stores. The secret key is a `SecretValue`, revealed only to libcurl.
///
/// libcurl 7.88 signs the query string as it is written: callers must give the parameters
/// sorted by name and percent-encoded as RFC 3986 says (`S3Client` does), and add the
/// `x-amz-content-sha256` header themselves (S3 requires it and libcurl then signs it).
public struct AWSSigV4: Sendable, CustomStringConvertible {
    /// libcurl's provider string, e.g. `aws:amz:eu-central-1:s3`.
    public var provider: String
    public var accessKey: String
    public var secretKey: SecretValue

    public init(region: String, service: String = "s3", accessKey: String, secretKey: SecretValue) {
        self.provider = "aws:amz:\(region):\(service)"
        self.accessKey = accessKey
        self.secretKey = secretKey
    }

    public var description: String { "AWS SigV4 (\(provider)) as \(accessKey)" }
}
