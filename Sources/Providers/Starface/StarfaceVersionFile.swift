import Spec

/// Reads the installed STARFACE version from the text of `/var/starface/fs-interface/version`.
public enum StarfaceVersionFile {
    /// The first four-part version (`8.1.0.11`) in `text`, or nil when there is none. The
    /// file normally holds just the version and a newline; anything around it is ignored.
    public static func parse(_ text: String) -> StarfaceVersion? {
        var token = ""
        for character in text + " " {
            if character.isASCII, character.isNumber || character == "." {
                token.append(character)
                continue
            }
            if let version = candidate(token) { return version }
            token = ""
        }
        return nil
    }

    private static func candidate(_ token: String) -> StarfaceVersion? {
        var trimmed = Substring(token)
        while trimmed.hasPrefix(".") { trimmed = trimmed.dropFirst() }
        while trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
        return StarfaceVersion(parsing: String(trimmed))
    }
}
