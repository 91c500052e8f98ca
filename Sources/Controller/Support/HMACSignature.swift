import Crypto
import Foundation

/// HMAC-SHA256 signatures as sfreconcile writes and checks them: lower-case hex, and the
/// `sha256=<hex>` form GitHub introduced and the generic alert webhook and generic Git
/// webhook use too (docs/alerts.md, docs/webhooks.md).
public enum HMACSignature {
    /// The header carrying sfreconcile's own signature, on alert webhooks it sends and on
    /// generic Git webhooks it receives.
    public static let header = "X-Sfreconcile-Signature-256"

    /// The lower-case hex HMAC-SHA256 of `body` under `key`.
    public static func hex(_ body: some DataProtocol, key: [UInt8]) -> String {
        let code = HMAC<Crypto.SHA256>.authenticationCode(for: body, using: SymmetricKey(data: key))
        return code.map { byte in
            let digits = Array("0123456789abcdef".utf8)
            return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0f)]], as: UTF8.self)
        }.joined()
    }

    /// `sha256=<hex>`.
    public static func prefixed(_ body: some DataProtocol, key: [UInt8]) -> String {
        "sha256=" + hex(body, key: key)
    }

    /// Whether `a` and `b` are equal, taking the same time whatever the position of the
    /// first difference (only the length leaks), so a forger learns nothing from timing.
    public static func constantTimeEquals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
