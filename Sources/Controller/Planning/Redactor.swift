import Providers
import Spec

/// Removes secrets from text a plan shows. Plans are built from the spec (which holds only
/// secret *references*) and from observations; the one way a secret could slip in is text a
/// provider or a peer system wrote (an error message echoing a URL with credentials, a
/// token in a header). The redactor removes, everywhere in such text:
///
/// - the values of the spec's secret references, when the controller host could resolve
///   them (so an echoed password is caught whatever surrounds it);
/// - credentials in URLs (`https://user:pass@host`);
/// - the value after `password`, `passwd`, `secret`, `token`, `authToken`, `apiKey`,
///   `accessKey`, `secretKey` or `authorization` followed by `=` or `:`;
/// - `Bearer` and `Basic` credentials;
/// - runs of 64 or more hex digits (login hashes such as STARFACE's SHA-512 secret).
public struct Redactor: Sendable {
    /// Known secret values per provider, longest first so a value containing another goes first.
    private let byProvider: [String: [String]]
    /// Known secret values not tied to a provider (alert sinks).
    private let global: [String]
    /// The providers whose secrets `global` holds already (`scoped(to:)`).
    private let scope: Set<String>
    public static let mask = "<redacted>"

    /// A redactor that only applies the patterns.
    public init() {
        self.init(global: [], byProvider: [:])
    }

    /// A redactor that also removes known secret values: `secrets` everywhere, and
    /// `providerSecrets[p]` in text about provider `p`. Values shorter than 4 characters
    /// are ignored: they would mangle ordinary words.
    public init(secrets: [String] = [], providerSecrets: [String: [String]] = [:]) {
        self.init(global: Self.prepared(secrets), byProvider: providerSecrets.mapValues(Self.prepared).filter { !$0.value.isEmpty })
    }

    private init(global: [String], byProvider: [String: [String]], scope: Set<String> = []) {
        self.global = global
        self.byProvider = byProvider
        self.scope = scope
    }

    /// This redactor for much text about `providers`: their secrets are looked up once and
    /// removed from all of it (a secret of one is a secret in text about another too), and
    /// only providers outside them are looked up per text.
    /// Providers without known secrets change nothing: most often the redactor itself comes
    /// back, at the cost of a look into an (often empty) dictionary.
    public func scoped(to providers: [String]) -> Redactor {
        let known = byProvider.isEmpty ? [] : providers.filter { byProvider[$0] != nil && !scope.contains($0) }
        guard !known.isEmpty else { return self }
        return Redactor(global: Self.prepared(global + known.flatMap(secrets(of:))), byProvider: byProvider,
                        scope: scope.union(known))
    }

    private static func prepared(_ values: [String]) -> [String] {
        Array(Set(values.filter { $0.count >= 4 })).sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// A redactor knowing every secret `spec` references that `resolve` can read, each
    /// provider's filed under its name; references that cannot be resolved here are skipped.
    ///
    /// Everything is resolved now, once, the providers on every core: planning scopes the
    /// redactor to each instance's providers, so all of them would be asked for anyway, and
    /// when none of their secrets can be read here (no variable set) every text gets the
    /// patterns only.
    public static func resolving(_ spec: Spec, resolve: @escaping @Sendable (SecretReference) -> String?) -> Redactor {
        let providers = spec.providers.entries
        let found = ConcurrentChunks.map(providers.indices, minimumChunk: 1_000) { range in
            range.compactMap { position -> (String, [String])? in
                let values = prepared(secrets(in: providers[position].value, resolve))
                return values.isEmpty ? nil : (providers[position].name, values)
            }
        }
        return Redactor(global: prepared(spec.alerts.flatMap { secrets(in: $0, resolve) }),
                        byProvider: Dictionary(found.joined(), uniquingKeysWith: { first, _ in first }))
    }

    /// The secret values of `provider`.
    private func secrets(of provider: String) -> [String] {
        byProvider[provider] ?? []
    }

    /// False when no secret value is known, so only the patterns apply.
    private var mayKnowSecrets: Bool { !global.isEmpty || !byProvider.isEmpty }

    /// The values of the secret references in `value` that `resolve` can read.
    private static func secrets(in value: some SpecValue, _ resolve: (SecretReference) -> String?) -> [String] {
        var references: [SecretReference] = []
        value.appendSecretReferences(to: &references)
        return references.compactMap(resolve)
    }

    /// `text` without the secrets of `providers`, the global ones, and the patterns.
    public func redact(_ text: String, providers: [String] = []) -> String {
        // Nearly always: no secret could be resolved, only the patterns apply.
        guard mayKnowSecrets else { return Self.applyPatterns(text) }
        var result = text
        for value in global where result.contains(value) {
            result = result.replacingOccurrences(of: value, with: Self.mask)
        }
        for provider in providers where !scope.contains(provider) {
            for value in secrets(of: provider) where result.contains(value) {
                result = result.replacingOccurrences(of: value, with: Self.mask)
            }
        }
        return Self.applyPatterns(result)
    }

    public func redact(_ text: String?, providers: [String] = []) -> String? { text.map { redact($0, providers: providers) } }

    /// The error with its message and advice redacted.
    func redact(_ error: ProviderError?, providers: [String] = []) -> ProviderError? {
        guard var error else { return nil }
        guard mayKnowSecrets else {
            error.message = Self.applyPatterns(error.message)
            error.advice = Self.applyPatterns(error.advice)
            return error
        }
        let scope = providers + (error.provider.map { [$0] } ?? [])
        error.message = redact(error.message, providers: scope)
        error.advice = redact(error.advice, providers: scope)
        return error
    }

    /// The words whose value the patterns remove, longest first.
    static let keys = ["password", "passwd", "secret", "token", "authtoken", "apikey", "api_key", "api-key",
                       "accesskey", "access_key", "secretkey", "secret_key", "authorization", "x-dr-session"]
        .sorted { $0.count > $1.count }

    /// False when no pattern can match (`RedactionPreCheck`).
    static func mightNeedRedaction(_ text: String) -> Bool {
        RedactionPreCheck.mightMatch(text)
    }

    static func applyPatterns(_ text: String) -> String {
        // Fast path: one pass over the bytes; most text has nothing any pattern could match.
        guard mightNeedRedaction(text) else { return text }
        return rewritingPatterns(text)
    }

    /// `text` with what every pattern matches replaced (the slow path of `applyPatterns`).
    static func rewritingPatterns(_ text: String) -> String {
        let lower = text.lowercased()
        let chars = Array(text.unicodeScalars)
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(chars.count)
        let lowerChars = Array(lower.unicodeScalars)
        let aligned = lowerChars.count == chars.count
        func lowered(_ i: Int) -> Unicode.Scalar { aligned ? lowerChars[i] : chars[i] }
        func isValueEnd(_ s: Unicode.Scalar) -> Bool {
            s == " " || s == "\t" || s == "\n" || s == "&" || s == ";" || s == "," || s == "\"" || s == "'" || s == ")" || s == "]" || s == "}"
        }
        func isHex(_ s: Unicode.Scalar) -> Bool {
            (s >= "0" && s <= "9") || (s >= "a" && s <= "f") || (s >= "A" && s <= "F")
        }
        func matches(_ word: String, at i: Int) -> Bool {
            let w = Array(word.unicodeScalars)
            guard i + w.count <= chars.count else { return false }
            for j in 0..<w.count where lowered(i + j) != w[j] { return false }
            return true
        }
        var i = 0
        while i < chars.count {
            // scheme://user:pass@ → scheme://<redacted>@
            if chars[i] == ":", i + 2 < chars.count, chars[i + 1] == "/", chars[i + 2] == "/" {
                var j = i + 3
                while j < chars.count, chars[j] != "/", chars[j] != "@", !isValueEnd(chars[j]) { j += 1 }
                if j < chars.count, chars[j] == "@", j > i + 3 {
                    out += Array("://".unicodeScalars) + Array(mask.unicodeScalars)
                    i = j
                    continue
                }
            }
            // key=value, key: value
            if let key = keys.first(where: { matches($0, at: i) }),
               i == 0 || !(CharacterSetLite.isWordCharacter(chars[i - 1])) {
                var j = i + key.unicodeScalars.count
                while j < chars.count, chars[j] == "\"" || chars[j] == "'" { j += 1 }
                while j < chars.count, chars[j] == " " { j += 1 }
                if j < chars.count, chars[j] == "=" || chars[j] == ":" {
                    j += 1
                    while j < chars.count, chars[j] == " " || chars[j] == "\"" || chars[j] == "'" { j += 1 }
                    // Authorization: Bearer xyz → keep the scheme word out of the secret.
                    var end = j
                    if matches("bearer ", at: j) || matches("basic ", at: j) { end = j + (matches("bearer ", at: j) ? 7 : 6) }
                    var k = end
                    while k < chars.count, !isValueEnd(chars[k]) { k += 1 }
                    if k > end {
                        out += chars[i..<end]
                        out += Array(mask.unicodeScalars)
                        i = k
                        continue
                    }
                }
            }
            // Bearer xyz, Basic xyz
            if matches("bearer ", at: i) || matches("basic ", at: i), i == 0 || !CharacterSetLite.isWordCharacter(chars[i - 1]) {
                let start = i + (matches("bearer ", at: i) ? 7 : 6)
                var k = start
                while k < chars.count, !isValueEnd(chars[k]) { k += 1 }
                if k - start >= 8 {
                    out += chars[i..<start]
                    out += Array(mask.unicodeScalars)
                    i = k
                    continue
                }
            }
            // 64+ hex digits
            if isHex(chars[i]), i == 0 || !isHex(chars[i - 1]) {
                var k = i
                while k < chars.count, isHex(chars[k]) { k += 1 }
                if k - i >= 64 {
                    out += Array(mask.unicodeScalars)
                    i = k
                    continue
                }
            }
            out.append(chars[i])
            i += 1
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: out)
        return result
    }
}

/// Letters, digits and `_`, without Foundation's CharacterSet.
enum CharacterSetLite {
    static func isWordCharacter(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "_"
    }
}
