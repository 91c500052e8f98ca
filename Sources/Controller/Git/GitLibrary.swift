import CGit2
import Foundation

/// Keeps libgit2 initialised while its owner lives. libgit2 counts `git_libgit2_init`
/// calls and tears down on the last `git_libgit2_shutdown`, so each owner holds one of
/// these instead of the process keeping a global flag.
final class GitLibraryLease: Sendable {
    init() { git_libgit2_init() }
    deinit { git_libgit2_shutdown() }
}

/// A libgit2 call that returned an error code, with libgit2's own message.
struct GitLibraryFailure: Error {
    var code: Int32
    var errorClass: Int32
    var message: String

    /// Captures the thread's last libgit2 error for `code`.
    init(code: Int32) {
        self.code = code
        if let last = git_error_last() {
            errorClass = last.pointee.klass
            message = last.pointee.message.map { String(cString: $0) } ?? "libgit2 error \(code)"
        } else {
            errorClass = 0
            message = "libgit2 error \(code)"
        }
    }

    var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }
    var isAuthentication: Bool { code == GIT_EAUTH.rawValue }
    var isCertificate: Bool { code == GIT_ECERTIFICATE.rawValue }
}

/// Small helpers over libgit2's C API. Used only inside ``GitRepositoryCache``'s isolation.
enum Git {
    /// Runs a libgit2 call and turns a negative result into a ``GitLibraryFailure``.
    @discardableResult
    static func check(_ code: Int32) throws(GitLibraryFailure) -> Int32 {
        if code < 0 { throw GitLibraryFailure(code: code) }
        return code
    }

    /// The 40-digit hex form of an object id.
    static func hex(_ oid: UnsafePointer<git_oid>) -> String {
        var buffer = [CChar](repeating: 0, count: 41)
        return buffer.withUnsafeMutableBufferPointer { pointer in
            String(cString: git_oid_tostr(pointer.baseAddress, 41, oid))
        }
    }

    static func hex(_ oid: git_oid) -> String {
        var oid = oid
        return hex(&oid)
    }

    /// The object id written as 40 hex digits, or nil.
    static func oid(_ hex: String) -> git_oid? {
        var oid = git_oid()
        return git_oid_fromstr(&oid, hex) == 0 ? oid : nil
    }

    static func equal(_ a: git_oid, _ b: git_oid) -> Bool {
        var a = a, b = b
        return git_oid_equal(&a, &b) != 0
    }

    /// Calls `body` with a `git_strarray` holding copies of `strings`.
    static func withStrarray<R>(_ strings: [String], _ body: (UnsafePointer<git_strarray>) throws(GitLibraryFailure) -> R)
        throws(GitLibraryFailure) -> R {
        let pointers = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: max(strings.count, 1))
        for (index, string) in strings.enumerated() { pointers[index] = strdup(string) }
        defer {
            for index in strings.indices { free(pointers[index]) }
            pointers.deallocate()
        }
        var array = git_strarray(strings: pointers, count: strings.count)
        return try body(&array)
    }

    /// A `git_strarray` read into Swift strings; the array is freed.
    static func strings(_ array: inout git_strarray) -> [String] {
        defer { git_strarray_dispose(&array) }
        return (0..<array.count).compactMap { array.strings[$0].map { String(cString: $0) } }
    }

    /// A stable short identifier of `text`: the first 16 hex digits of its Git blob SHA-1.
    /// Used to name cache entries; not a security boundary.
    static func digest(_ text: String) -> String {
        var oid = git_oid()
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
        return String(hex(&oid).prefix(16))
    }
}
