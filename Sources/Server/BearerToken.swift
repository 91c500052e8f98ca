/// The check of `Authorization: Bearer <token>`: a constant-time comparison, so the time a
/// refusal takes says nothing about how much of a guess was right.
enum BearerToken {
    static func matches(authorization: String?, expected: String) -> Bool {
        guard let authorization, authorization.hasPrefix("Bearer ") else { return false }
        let given = Array(authorization.dropFirst("Bearer ".count).utf8), wanted = Array(expected.utf8)
        var difference = UInt8(given.count == wanted.count ? 0 : 1)
        for index in wanted.indices {
            difference |= wanted[index] ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0
    }
}
