import Crypto
import Foundation

/// The `secret` of STARFACE's REST login (≥ 6.4.2.12), as STARFACE's own examples compute it
/// (rest-examples, StarfaceAuthenticator.java):
///
///     <loginId>:hex(SHA512(loginId + nonce + hex(SHA512(password))))
///
/// in lowercase hex. The password never travels; the nonce makes each secret single-use.
public enum StarfaceLoginSecret {
    /// The secret for one login with `nonce` (from `GET /rest/login`).
    public static func compute(loginId: String, password: String, nonce: String) -> String {
        let passwordHash = hex(SHA512.hash(data: Data(password.utf8)))
        return loginId + ":" + hex(SHA512.hash(data: Data((loginId + nonce + passwordHash).utf8)))
    }

    private static func hex(_ digest: SHA512.Digest) -> String {
        let digits = Array("0123456789abcdef".unicodeScalars)
        var text = ""
        text.unicodeScalars.reserveCapacity(128)
        for byte in digest {
            text.unicodeScalars.append(digits[Int(byte >> 4)])
            text.unicodeScalars.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}
