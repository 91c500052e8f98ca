import Foundation

/// A plain-text mail, rendered as RFC 5322 with CRLF line ends, UTF-8 body
/// (quoted-printable) and an RFC 2047 encoded subject, so any SMTP server takes it.
public struct MailMessage: Sendable, Hashable {
    public var from: String
    public var to: [String]
    public var subject: String
    public var body: String
    public var date: Date
    /// Without angle brackets, e.g. `1732550000.ab12@sfreconcile`.
    public var messageID: String
    /// Extra header fields, e.g. `X-Sfreconcile-Fingerprints`.
    public var headers: [(name: String, value: String)]

    public init(from: String, to: [String], subject: String, body: String, date: Date, messageID: String,
                headers: [(name: String, value: String)] = []) {
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = messageID
        self.headers = headers
    }

    public static func == (lhs: MailMessage, rhs: MailMessage) -> Bool { lhs.rendered() == rhs.rendered() }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered()) }

    /// The bytes sent after SMTP's DATA.
    public func rendered() -> Data {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        var lines = [
            "Date: " + formatter.string(from: date),
            "From: " + Self.clean(from),
            "To: " + to.map(Self.clean).joined(separator: ", "),
            "Subject: " + Self.encodedWord(subject),
            "Message-ID: <\(Self.clean(messageID))>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ]
        for header in headers { lines.append(Self.clean(header.name) + ": " + Self.clean(header.value)) }
        lines.append("")
        lines.append(Self.quotedPrintable(body))
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// No CR or LF in a header: a value cannot add header fields.
    private static func clean(_ text: String) -> String {
        String(text.unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : Character($0) })
    }

    /// `=?utf-8?B?…?=` when the subject is not plain ASCII.
    static func encodedWord(_ text: String) -> String {
        let cleaned = clean(text)
        if cleaned.utf8.allSatisfy({ $0 >= 32 && $0 < 127 }) { return cleaned }
        return "=?utf-8?B?" + Data(cleaned.utf8).base64EncodedString() + "?="
    }

    /// RFC 2045 quoted-printable with CRLF line ends and soft breaks at 76 characters.
    static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [String] = []
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            var current: [UInt8] = []
            var encoded: [[UInt8]] = []
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                var piece: [UInt8]
                if (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !isLast) {
                    piece = [byte]
                } else {
                    piece = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]]
                }
                // A leading dot is encoded so no line reads as SMTP's end of data.
                if current.isEmpty && encoded.isEmpty && byte == UInt8(ascii: ".") { piece = Array("=2E".utf8) }
                if current.count + piece.count > 75 {
                    encoded.append(current + [UInt8(ascii: "=")])
                    current = []
                }
                current += piece
            }
            encoded.append(current)
            output.append(encoded.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\r\n"))
        }
        return output.joined(separator: "\r\n")
    }
}
