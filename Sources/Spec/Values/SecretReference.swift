import Foundation

/// Where a secret lives on the host that runs the controller: `${env:NAME}` or
/// `${file:/path}`. The spec holds only the reference; the value is read at use and is
/// never printed.
public enum SecretReference: Hashable, Sendable, Codable, CustomStringConvertible {
    case environment(String)
    case file(String)

    /// Parses a whole-value reference; nil for anything else.
    public init?(parsing text: String) {
        // Byte by byte: this runs for every secret key of every provider.
        let bytes = text.utf8
        guard bytes.count > 3, bytes.starts(with: [UInt8(ascii: "$"), UInt8(ascii: "{")]), bytes.last == UInt8(ascii: "}") else { return nil }
        let body = bytes.dropFirst(2).dropLast()
        guard let colon = body.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let scheme = body[..<colon], target = body[body.index(after: colon)...]
        guard !target.isEmpty, !target.contains(UInt8(ascii: "}")) else { return nil }
        var previous: UInt8 = 0
        for byte in target {
            if previous == UInt8(ascii: "$") && byte == UInt8(ascii: "{") { return nil }
            previous = byte
        }
        let name = String(decoding: target, as: UTF8.self)
        if scheme.elementsEqual("env".utf8) {
            func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
            func isLetter(_ byte: UInt8) -> Bool { (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) }
            guard target.allSatisfy({ isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") }), !isDigit(target.first!) else { return nil }
            self = .environment(name)
        } else if scheme.elementsEqual("file".utf8) {
            guard target.first == UInt8(ascii: "/") else { return nil }
            self = .file(name)
        } else {
            return nil
        }
    }

    /// The reference as written in the spec; safe to print, it holds no secret.
    public var description: String {
        switch self {
        case .environment(let name): return "${env:\(name)}"
        case .file(let path): return "${file:\(path)}"
        }
    }

    /// Why a secret could not be read; names the reference, never a value.
    public struct ResolutionError: Error, CustomStringConvertible, Sendable {
        public var reference: SecretReference
        public var reason: String
        public var description: String { "cannot resolve \(reference): \(reason)" }
    }

    /// The secret's value, or nil when it cannot be read here, without saying why: for
    /// callers that use only what resolves (redaction asks this of every reference in the
    /// spec, and an unset variable is common there: no error message is made for it).
    public func resolvedIfPossible(environment: [String: String] = ProcessInfo.processInfo.environment) -> SecretValue? {
        if case .environment(let name) = self { return Self.variable(name, in: environment) }
        return try? resolve(environment: environment)
    }

    /// A set, non-empty environment variable's value.
    private static func variable(_ name: String, in environment: [String: String]) -> SecretValue? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return SecretValue(value)
    }

    /// Reads the secret now. Files are read whole, without a trailing newline.
    public func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws(ResolutionError) -> SecretValue {
        switch self {
        case .environment(let name):
            guard let value = Self.variable(name, in: environment) else {
                throw ResolutionError(reference: self, reason: "environment variable \(name) is not set")
            }
            return value
        case .file(let path):
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ResolutionError(reference: self, reason: "the file cannot be read (\((error as NSError).localizedDescription))")
            }
            var trimmed = Substring(text)
            while let last = trimmed.last, last == "\n" || last == "\r" { trimmed = trimmed.dropLast() }
            guard !trimmed.isEmpty else { throw ResolutionError(reference: self, reason: "the file is empty") }
            return SecretValue(String(trimmed))
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let reference = SecretReference(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a secret reference"))
        }
        self = reference
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A resolved secret. Prints as `<redacted>` wherever it ends up (logs, plans, errors);
/// only `reveal()` gives the value, for the one call that sends it.
public struct SecretValue: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    public init(_ value: String) { self.value = value }

    /// The secret itself; call it only where it is handed to a protocol.
    public func reveal() -> String { value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}

extension SecretReference: SpecValue {
    static let referenceHint = "write ${env:NAME} to read an environment variable or ${file:/path} to read a file on the controller host"

    public static func decode(from node: YAMLNode, in context: DecodeContext) -> SecretReference? {
        // Never echo the value: it may be the secret itself.
        guard let scalar = node.scalar, !scalar.isNull else {
            context.error(.typeMismatch, node, "expected a secret reference, found \(node.mapping != nil ? "a mapping" : node.scalar == nil ? "a list" : "nothing")",
                          hint: referenceHint)
            return nil
        }
        if let reference = SecretReference(parsing: scalar.value) { return reference }
        if scalar.value.hasPrefix("${") {
            context.error(.invalidValue, node, "malformed secret reference", hint: referenceHint + " (file paths must be absolute)")
        } else {
            context.error(.literalSecret, node, "secrets must not be written in the spec (the value is not shown here)",
                          hint: referenceHint + "; if this secret was ever pushed to Git, rotate it")
        }
        return nil
    }

    public static var schema: JSONValue {
        .object([
            ("type", .string("string")),
            ("pattern", .string("^\\$\\{(env:[A-Za-z_][A-Za-z0-9_]*|file:/[^}]*)\\}$")),
            ("examples", .array([.string("${env:VC_PASSWORD}"), .string("${file:/etc/sfreconcile/vc-password}")])),
        ])
    }

    public var json: JSONValue { .string(description) }

    public static var mayHoldSecrets: Bool { true }

    public func appendSecretReferences(to references: inout [SecretReference]) {
        references.append(self)
    }
}
