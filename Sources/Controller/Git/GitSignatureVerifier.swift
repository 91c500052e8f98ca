import Foundation
import Providers

/// Checks a commit signature the way Git does: `ssh-keygen -Y` for SSH signatures, `gpgv`
/// for OpenPGP ones, on temporary files, with a timeout. Runs inside
/// ``GitRepositoryCache``'s isolation, on its own thread.
struct GitSignatureVerifier {
    let policy: GitSignaturePolicy
    var timeout: TimeInterval = 30

    /// Checks `signature` (the commit's `gpgsig` header, or nil when unsigned) over
    /// `signedData` (the commit without that header).
    func check(signature: [UInt8]?, signedData: [UInt8], revision: GitRevision) -> GitSignatureCheck {
        func refuse(_ message: String) -> GitSignatureCheck {
            GitSignatureCheck(revision: revision, isVerified: false, message: message)
        }
        guard let signature, !signature.isEmpty else {
            return refuse("the commit is not signed; \(policy) must sign it")
        }
        let text = String(decoding: signature.prefix(64), as: UTF8.self)
        let directory = FileManager.default.temporaryDirectory.path + "/sfreconcile-verify-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            return refuse("a temporary directory for the check cannot be created")
        }
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let signatureFile = directory + "/signature", dataFile = directory + "/data"
        guard FileManager.default.createFile(atPath: signatureFile, contents: Data(signature)),
              FileManager.default.createFile(atPath: dataFile, contents: Data(signedData)) else {
            return refuse("the signature cannot be written to a temporary file")
        }

        switch policy.storage {
        case .ssh(let allowedSigners):
            guard text.hasPrefix("-----BEGIN SSH SIGNATURE-----") else {
                return refuse("the commit carries an OpenPGP signature, but \(policy) is required")
            }
            guard FileManager.default.isReadableFile(atPath: allowedSigners) else {
                return refuse("the allowed signers file \(allowedSigners) cannot be read")
            }
            let key = run(["ssh-keygen", "-Y", "check-novalidate", "-n", "git", "-s", signatureFile], input: dataFile)
            let fingerprint = key.output.range(of: "with ").map { String(key.output[$0.upperBound...]) }?
                .trimmingCharacters(in: .whitespacesAndNewlines) ?? "an unknown key"
            guard key.status == 0 else { return refuse("the SSH signature is not valid for this commit") }
            let principals = run(["ssh-keygen", "-Y", "find-principals", "-n", "git", "-s", signatureFile, "-f", allowedSigners],
                                 input: nil)
            guard principals.status == 0, let principal = principals.output.split(separator: "\n").first.map(String.init) else {
                return refuse("signed with \(fingerprint), which is not in \(allowedSigners)")
            }
            let verified = run(["ssh-keygen", "-Y", "verify", "-f", allowedSigners, "-I", principal, "-n", "git",
                                "-s", signatureFile], input: dataFile)
            guard verified.status == 0 else {
                return refuse("the signature by \(principal) (\(fingerprint)) does not verify against \(allowedSigners)")
            }
            return GitSignatureCheck(revision: revision, isVerified: true,
                                     message: "good SSH signature by \(principal) with \(fingerprint)")
        case .gpg(let keyring):
            guard text.hasPrefix("-----BEGIN PGP SIGNATURE-----") else {
                return refuse("the commit carries an SSH signature, but \(policy) is required")
            }
            guard FileManager.default.isReadableFile(atPath: keyring) else {
                return refuse("the keyring \(keyring) cannot be read")
            }
            let result = run(["gpgv", "--status-fd", "1", "--keyring", keyring, signatureFile, dataFile], input: nil,
                             environment: ["GNUPGHOME": directory])
            let lines = result.output.split(separator: "\n")
            let good = lines.first { $0.hasPrefix("[GNUPG:] GOODSIG ") }
            let fingerprint = lines.first { $0.hasPrefix("[GNUPG:] VALIDSIG ") }?.split(separator: " ").dropFirst(2).first
            guard result.status == 0, let good else {
                if let missing = lines.first(where: { $0.hasPrefix("[GNUPG:] NO_PUBKEY ") || $0.hasPrefix("[GNUPG:] ERRSIG ") }) {
                    let keyID = missing.split(separator: " ").dropFirst(2).first.map(String.init) ?? "?"
                    return refuse("signed with OpenPGP key \(keyID), which is not in \(keyring)")
                }
                return refuse("the OpenPGP signature is not valid for this commit")
            }
            let signer = good.split(separator: " ", maxSplits: 3).dropFirst(3).first.map(String.init) ?? "?"
            return GitSignatureCheck(revision: revision, isVerified: true,
                                     message: "good OpenPGP signature by \(signer), key \(fingerprint.map(String.init) ?? "?")")
        }
    }

    /// Runs a tool (found on `PATH` by `env`), standard input from the file `input`, and
    /// returns its status and standard output; -1 when it could not run or timed out.
    private func run(_ arguments: [String], input: String?, environment: [String: String] = [:]) -> (status: Int32, output: String) {
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        let data = input.flatMap { FileManager.default.contents(atPath: $0) }
        let runner = ProcessRunner(timeout: .milliseconds(Int64(timeout * 1000)), maxOutputBytes: 1 << 20)
        guard case .success(let result) = runner.runSynchronously(["/usr/bin/env"] + arguments, environment: merged, input: data),
              !result.timedOut, !result.signalled, !result.outputExceeded else {
            return (-1, "")
        }
        return (result.status, String(decoding: result.stdout, as: UTF8.self))
    }
}
