/// Builds XML text with every value escaped. Used for SOAP request bodies, where a user
/// name such as `a<b&c` must arrive as written and never change the document.
public struct XMLWriter: Sendable {
    public private(set) var text = ""

    public init() {}

    /// `<name attr="v">`.
    public mutating func start(_ name: String, attributes: KeyValuePairs<String, String> = [:]) {
        text += "<" + name
        for (key, value) in attributes {
            text += " " + key + "=\"" + Self.escape(value, inAttribute: true) + "\""
        }
        text += ">"
    }

    /// `</name>`.
    public mutating func end(_ name: String) {
        text += "</" + name + ">"
    }

    /// `<name attr="v">value</name>`, the value escaped.
    public mutating func element(_ name: String, _ value: String, attributes: KeyValuePairs<String, String> = [:]) {
        start(name, attributes: attributes)
        text += Self.escape(value, inAttribute: false)
        end(name)
    }

    /// `<name>…</name>` around what `content` writes.
    public mutating func element(_ name: String, attributes: KeyValuePairs<String, String> = [:], _ content: (inout XMLWriter) -> Void) {
        start(name, attributes: attributes)
        content(&self)
        end(name)
    }

    /// Escapes markup characters. Characters XML 1.0 cannot carry at all (most control
    /// characters) become U+FFFD.
    public static func escape(_ value: String, inAttribute: Bool) -> String {
        var needsWork = false
        for scalar in value.unicodeScalars where scalar == "&" || scalar == "<" || scalar == ">" || scalar == "\"" || scalar == "'"
            || scalar == "\r" || (scalar.value < 0x20 && scalar != "\t" && scalar != "\n") || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
            needsWork = true
            break
        }
        guard needsWork || (inAttribute && (value.contains("\n") || value.contains("\t"))) else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count + 16)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            case "\n" where inAttribute: out += "&#10;"
            case "\t" where inAttribute: out += "&#9;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
