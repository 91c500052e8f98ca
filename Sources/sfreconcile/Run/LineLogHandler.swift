import Foundation
import Logging
import Providers

/// A swift-log handler writing one line per message on standard error, as logfmt
/// (`time=… level=info msg="…" key=value`) or as a JSON object, for journald, Loki and the like.
struct LineLogHandler: LogHandler {
    enum Format: String, CaseIterable {
        case logfmt
        case json
    }

    let label: String
    let format: Format
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [(String, String)] = [("time", Timestamp.format(Date())), ("level", event.level.rawValue), ("logger", label),
                                          ("msg", "\(event.message)")]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) { fields.append((key, "\(value)")) }
        FileHandle.standardError.write(Data((render(fields) + "\n").utf8))
    }

    func render(_ fields: [(String, String)]) -> String {
        switch format {
        case .logfmt:
            return fields.map { key, value in
                let plain = !value.isEmpty && value.allSatisfy { !$0.isWhitespace && $0 != "\"" && $0 != "=" && $0 != "\\" }
                return key + "=" + (plain ? value : Self.quoted(value))
            }.joined(separator: " ")
        case .json:
            return "{" + fields.map { Self.quoted($0.0) + ":" + Self.quoted($0.1) }.joined(separator: ",") + "}"
        }
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

}
