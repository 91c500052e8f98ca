import ArgumentParser
import Controller
import Foundation

/// How commands report a spec source that cannot be read: the error and its hint on
/// standard error, exit code 2 (1 is kept for "the spec is invalid" or "it changed").
enum SourceFailure {
    static let exitCode = ExitCode(2)

    static func report(_ error: GitError) -> ExitCode {
        report(error, exitCode: exitCode)
    }

    /// The same report with another exit code (`plan` keeps 2 for drift, as Terraform).
    static func report(_ error: GitError, exitCode: ExitCode) -> ExitCode {
        var message = "error: \(error.message)\n"
        if let hint = error.hint { message += "  hint: \(hint)\n" }
        FileHandle.standardError.write(Data(message.utf8))
        return exitCode
    }
}
