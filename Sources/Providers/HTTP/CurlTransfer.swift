import CCurl
import Foundation
import Synchronization

/// The state of one libcurl transfer, shared with libcurl's callbacks through an
/// `Unmanaged` pointer. The body and header fields are touched only by the thread running
/// `curl_easy_perform`, and read after it returns; `cancelled` is set from any thread.
final class CurlTransfer: @unchecked Sendable {
    let limit: Int
    var body = Data()
    var headers = HTTPHeaders()
    var status = 0
    var exceededLimit = false
    let cancelled = Atomic<Bool>(false)

    init(limit: Int) {
        self.limit = limit
    }

    func cancel() {
        cancelled.store(true, ordering: .relaxed)
    }

    /// One raw header line: a status line starts a new response (after a redirect or a
    /// 100 Continue), so fields of earlier responses are dropped.
    func receiveHeaderLine(_ line: Substring) {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("HTTP/") {
            headers = HTTPHeaders()
            let parts = trimmed.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        } else if let colon = trimmed.firstIndex(of: ":") {
            let name = trimmed[..<colon].trimmingCharacters(in: .whitespaces)
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.add(name, value)
        }
    }
}

// libcurl callbacks: file-level functions, the transfer passed as context (a closure
// capturing it would crash swift-frontend 6.3.1, see STACK.md).

func curlWriteBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return length }
    if transfer.body.count + length > transfer.limit {
        transfer.exceededLimit = true
        return Int(SF_CURL_WRITEFUNC_ERROR)   // stops the transfer with CURLE_WRITE_ERROR
    }
    data.withMemoryRebound(to: UInt8.self, capacity: length) { transfer.body.append($0, count: length) }
    return length
}

func curlWriteHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard length > 0, let data else { return length }
    let line = data.withMemoryRebound(to: UInt8.self, capacity: length) {
        String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
    }
    transfer.receiveHeaderLine(line[...])
    return length
}

func curlProgress(_ context: UnsafeMutableRawPointer?, _ downloadTotal: curl_off_t, _ downloaded: curl_off_t,
                  _ uploadTotal: curl_off_t, _ uploaded: curl_off_t) -> Int32 {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.cancelled.load(ordering: .relaxed) ? 1 : 0
}
