import Foundation

/// PowerShell's serialised error stream. Run over WinRM, `powershell` writes its error
/// records to stderr as `#< CLIXML` followed by an `<Objs>` document, with line breaks and
/// other characters escaped as `_x000D__x000A_`. This turns that into the lines a person
/// would have seen in a console; progress records and other objects are left out.
enum CLIXML {
    static let marker = "#< CLIXML"

    /// Readable text of `stderr`: decoded when it is CLIXML, as it is otherwise.
    static func readable(_ stderr: Data) -> String {
        let text = String(decoding: stderr, as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix(marker) else { return trimmed }
        let document = Data(trimmed.dropFirst(marker.count).trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard let root = try? XMLTreeParser().parse(document) else { return trimmed }
        var parts: [String] = []
        for element in root.children where element.name.localName == "S" {
            let stream = element.attribute("S") ?? ""
            guard stream == "Error" || stream == "Warning" else { continue }
            parts.append(unescape(element.text))
        }
        return parts.joined()
            .split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: "\n")
    }

    /// Replaces `_xHHHH_` escapes with the characters they stand for.
    static func unescape(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: "_x") {
            result += rest[..<range.lowerBound]
            let after = rest[range.upperBound...]
            let hex = after.prefix(4)
            if hex.count == 4, after.dropFirst(4).first == "_", let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                result.unicodeScalars.append(scalar)
                rest = after.dropFirst(5)
            } else {
                result += "_x"
                rest = after
            }
        }
        return result + rest
    }
}
