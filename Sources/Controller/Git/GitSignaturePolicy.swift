/// Which signatures a commit must carry before its spec is used, as Flux's `verify` asks:
/// the commit a ref resolves to must be signed by a key the operators allow, or the
/// revision is refused and the last good spec stays in use.
///
/// Signatures are checked with the tools Git itself uses: `ssh-keygen -Y verify` against an
/// OpenSSH `allowed_signers` file, or `gpgv` against a keyring of allowed OpenPGP keys.
public struct GitSignaturePolicy: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable, Hashable {
        case ssh(allowedSigners: String)
        case gpg(keyring: String)
    }

    let storage: Storage

    /// SSH signatures (`git config gpg.format ssh`), checked against an `allowed_signers`
    /// file (`ssh-keygen(1)`, "ALLOWED SIGNERS": one `principal [namespaces="git"] key` a line).
    public static func ssh(allowedSignersFile: String) -> GitSignaturePolicy {
        GitSignaturePolicy(storage: .ssh(allowedSigners: allowedSignersFile))
    }

    /// OpenPGP signatures, checked against a keyring of the allowed public keys in binary
    /// form (`gpg --export KEYID > allowed.gpg`).
    public static func gpg(keyringFile: String) -> GitSignaturePolicy {
        GitSignaturePolicy(storage: .gpg(keyring: keyringFile))
    }

    public var description: String {
        switch storage {
        case .ssh(let file): return "an SSH key in \(file)"
        case .gpg(let file): return "an OpenPGP key in \(file)"
        }
    }
}
