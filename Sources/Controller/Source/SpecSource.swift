/// Where to read a spec from, as the CLI's options or the loop's configuration name it.
public enum SpecSource: Sendable, Hashable {
    /// A spec file, or a directory whose `*.yaml`/`*.yml` files form the spec.
    case directory(String)
    /// A path inside a Git repository at a ref.
    case git(GitSourceConfiguration)
}
