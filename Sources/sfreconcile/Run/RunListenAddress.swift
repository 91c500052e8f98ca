import ArgumentParser

/// `--listen HOST:PORT` read apart: an IPv4 address or a name, or `[IPv6]`, and a port.
struct RunListenAddress {
    var host: String
    var port: Int

    init(parsing text: String) throws {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ValidationError("--listen \(text): write HOST:PORT, e.g. 127.0.0.1:9480")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ValidationError("--listen \(text): the host is missing") }
        self.host = host
        self.port = port
    }
}
