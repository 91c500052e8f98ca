import Controller

/// The check of `Authorization: Bearer <token>`, in constant time, so the time a refusal
/// takes says nothing about how much of a guess was right.
enum BearerToken {
    static func matches(authorization: String?, expected: String) -> Bool {
        guard let authorization, authorization.hasPrefix("Bearer ") else { return false }
        return HMACSignature.constantTimeEquals(Array(authorization.dropFirst("Bearer ".count).utf8), Array(expected.utf8))
    }
}
