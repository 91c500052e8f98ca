import Foundation

/// Reads a spec from the file system: one file, or every `*.yaml`/`*.yml` file below a
/// directory (hidden files and folders skipped, symlinked folders not followed), in
/// path order.
public struct SpecFileReader: Sendable {
    public var limits: YAMLLimits

    public init(limits: YAMLLimits = .standard) {
        self.limits = limits
    }

    /// The files at `path`, and a diagnostic for each that could not be read.
    public func read(_ path: String) -> (files: [SpecSourceFile], diagnostics: [Diagnostic]) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return ([], [Diagnostic(.error, .fileUnreadable, at: .file(path), "no such file or directory",
                                    hint: "pass a spec file or a directory of *.yaml files")])
        }
        guard isDirectory.boolValue else {
            return readFiles([path])
        }
        var names: [String] = []
        var diagnostics: [Diagnostic] = []
        collect(directory: path, into: &names, diagnostics: &diagnostics)
        if names.count > limits.maxFiles {
            return ([], [Diagnostic(.error, .limitExceeded, at: .file(path),
                                    "the directory holds \(names.count) spec files, more than the limit of \(limits.maxFiles)",
                                    hint: "point sfreconcile at a narrower directory")])
        }
        if names.isEmpty && diagnostics.isEmpty {
            return ([], [Diagnostic(.error, .noSpecFiles, at: .file(path), "the directory holds no *.yaml or *.yml files",
                                    hint: "put the spec in a file ending in .yaml, starting with apiVersion: sfreconcile/v1")])
        }
        let (files, readDiagnostics) = readFiles(names.sorted())
        return (files, diagnostics + readDiagnostics)
    }

    private func collect(directory: String, into names: inout [String], diagnostics: inout [Diagnostic]) {
        let manager = FileManager.default
        let entries: [String]
        do {
            entries = try manager.contentsOfDirectory(atPath: directory)
        } catch {
            diagnostics.append(Diagnostic(.error, .fileUnreadable, at: .file(directory), "the directory cannot be read",
                                          hint: "check its permissions"))
            return
        }
        for entry in entries where !entry.hasPrefix(".") && names.count <= limits.maxFiles {
            let full = directory.hasSuffix("/") ? directory + entry : directory + "/" + entry
            let attributes = try? manager.attributesOfItem(atPath: full)
            let type = attributes?[.type] as? FileAttributeType
            if type == .typeDirectory {
                collect(directory: full, into: &names, diagnostics: &diagnostics)
            } else if SpecSourceFile.isSpecFileName(entry) {
                names.append(full)
            }
        }
    }

    private func readFiles(_ paths: [String]) -> (files: [SpecSourceFile], diagnostics: [Diagnostic]) {
        var files: [SpecSourceFile] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            if size > limits.maxFileBytes {
                diagnostics.append(Self.tooLarge(path, size: size, limit: limits.maxFileBytes))
                continue
            }
            guard let handle = FileHandle(forReadingAtPath: path) else {
                diagnostics.append(Diagnostic(.error, .fileUnreadable, at: .file(path), "the file cannot be read",
                                              hint: "check that it exists and is readable"))
                continue
            }
            defer { try? handle.close() }
            // Read at most one byte past the limit: a file that grew since stat is still caught.
            let data = (try? handle.read(upToCount: limits.maxFileBytes + 1)) ?? Data()
            if data.count > limits.maxFileBytes {
                diagnostics.append(Self.tooLarge(path, size: data.count, limit: limits.maxFileBytes))
                continue
            }
            files.append(SpecSourceFile(path: path, bytes: [UInt8](data)))
        }
        return (files, diagnostics)
    }

    static func tooLarge(_ path: String, size: Int, limit: Int) -> Diagnostic {
        Diagnostic(.error, .limitExceeded, at: .file(path),
                   "the file is larger than the limit of \(limit / (1 << 20)) MiB for one spec file",
                   hint: "split the spec into a directory of smaller files")
    }
}
