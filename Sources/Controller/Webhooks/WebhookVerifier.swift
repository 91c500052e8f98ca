import Foundation
import Providers

/// Checks that a push webhook came from someone who knows the shared secret. Pure: takes
/// the request's headers and body and the secret, answers accepted or rejected; every
/// comparison of secret material takes constant time.
public enum WebhookVerifier {
    /// The header each forge signs with.
    public static func signatureHeader(for forge: GitForge) -> String {
        switch forge {
        case .github: return "X-Hub-Signature-256"
        case .gitlab: return "X-Gitlab-Token"
        case .gitea: return "X-Gitea-Signature"
        case .generic: return HMACSignature.header
        }
    }

    /// Accepted only when the request carries exactly one signature header of `forge` and it
    /// matches `body` under `secret`.
    /// - Parameters:
    ///   - forge: which scheme to expect; the others' headers are ignored.
    ///   - headers: the request's header fields (names in any case).
    ///   - body: the raw request body, byte for byte as received.
    ///   - secret: the shared secret, resolved from the spec's secret reference.
    public static func verify(_ forge: GitForge, headers: HTTPHeaders, body: some DataProtocol, secret: String) -> WebhookVerdict {
        guard !secret.isEmpty else {
            return .rejected(reason: "no webhook secret is configured; unsigned requests are refused")
        }
        let name = signatureHeader(for: forge)
        let values = headers.values(name)
        guard !values.isEmpty else { return .rejected(reason: "the request has no \(name) header (unsigned)") }
        guard values.count == 1, let sent = values.first?.trimmingCharacters(in: .whitespaces) else {
            return .rejected(reason: "the request has \(values.count) \(name) headers")
        }
        switch forge {
        case .gitlab:
            return HMACSignature.constantTimeEquals(Array(sent.utf8), Array(secret.utf8))
                ? .accepted : .rejected(reason: "\(name) does not match the configured secret")
        case .github, .generic:
            guard sent.hasPrefix("sha256=") else {
                return .rejected(reason: "\(name) is not of the form sha256=<hex>")
            }
            return compare(String(sent.dropFirst(7)), body: body, secret: secret, header: name)
        case .gitea:
            return compare(sent, body: body, secret: secret, header: name)
        }
    }

    private static func compare(_ sentHex: String, body: some DataProtocol, secret: String, header: String) -> WebhookVerdict {
        let expected = HMACSignature.hex(body, key: Array(secret.utf8))
        return HMACSignature.constantTimeEquals(Array(sentHex.lowercased().utf8), Array(expected.utf8))
            ? .accepted : .rejected(reason: "\(header) does not match the body signed with the configured secret")
    }
}
