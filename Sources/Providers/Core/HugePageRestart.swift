import Foundation

/// Transparent huge pages for the heap of a one-shot command (`plan`), on Linux systems
/// that give them only to memory that asks for them (`madvise` in
/// /sys/kernel/mm/transparent_hugepage/enabled: Ubuntu's default, and this project's test
/// machine's).
///
/// Planning 10,000 instances touches about 250 MB of fresh heap. In 4 KiB pages that is
/// 60,000 page faults, a tenth of the command's CPU time; in 2 MiB pages, a few hundred
/// (docs/performance.md, "Planning"). glibc's malloc asks for huge pages when its
/// `glibc.malloc.hugetlb=1` tunable is set, and tunables are read only as a process starts,
/// so the command starts itself again, once, with the tunable added to `GLIBC_TUNABLES`.
/// The restarted process puts `GLIBC_TUNABLES` back as it was before anything else reads
/// the environment: programs it starts get the environment it was given.
///
/// Nothing happens when `GLIBC_TUNABLES` already names `glibc.malloc.hugetlb` (set it to 0
/// to opt out), when the kernel gives huge pages to all memory (`always`) or to none
/// (`never`), or when the program cannot be started again (`/proc` not mounted): the
/// command then runs as it is.
public enum HugePageRestart {
    public static let tunable = "glibc.malloc.hugetlb=1"
    /// Set only in the restarted process: `GLIBC_TUNABLES` as it was, `+` and its value,
    /// or `-` when it was not set.
    static let savedTunablesVariable = "SFRECONCILE_TUNABLES_BEFORE_RESTART"
    private static let modePath = "/sys/kernel/mm/transparent_hugepage/enabled"

    /// How the heap of this process got huge pages, if it did.
    public enum Outcome: Sendable, Equatable {
        /// Restarted with `glibc.malloc.hugetlb=1`.
        case restarted
        /// Not restarted: already set, not useful here, or the restart failed.
        case unchanged
    }

    /// Starts the program again with huge pages when that helps (does not return then);
    /// in the restarted process, restores the environment and says so.
    @discardableResult
    public static func restartIfUseful() -> Outcome {
        let environment = ProcessInfo.processInfo.environment
        if let saved = environment[savedTunablesVariable] {
            setTunables(originalTunables(saved: saved))
            unsetenv(savedTunablesVariable)
            return .restarted
        }
        let mode = try? String(contentsOfFile: modePath, encoding: .utf8)
        guard let restart = restartEnvironment(tunables: environment["GLIBC_TUNABLES"], kernelMode: mode) else { return .unchanged }
        setenv(savedTunablesVariable, restart.saved, 1)
        setTunables(restart.tunables)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when the program could not be started again: go on as before.
        unsetenv(savedTunablesVariable)
        setTunables(environment["GLIBC_TUNABLES"])
        return .unchanged
    }

    /// The `GLIBC_TUNABLES` to restart with and the value saving the current one, or nil
    /// when a restart would not help: the tunable is named already, or the kernel's mode
    /// (the text of its `enabled` file) is not `madvise`.
    static func restartEnvironment(tunables: String?, kernelMode: String?) -> (tunables: String, saved: String)? {
        guard let kernelMode, kernelMode.contains("[madvise]") else { return nil }
        if let tunables, tunables.contains("glibc.malloc.hugetlb") { return nil }
        guard let tunables, !tunables.isEmpty else { return (tunable, tunables == nil ? "-" : "+") }
        return (tunables + ":" + tunable, "+" + tunables)
    }

    /// `GLIBC_TUNABLES` as it was before the restart (nil: not set), from the saved value.
    static func originalTunables(saved: String) -> String? {
        saved.hasPrefix("+") ? String(saved.dropFirst()) : nil
    }

    private static func setTunables(_ value: String?) {
        if let value { setenv("GLIBC_TUNABLES", value, 1) } else { unsetenv("GLIBC_TUNABLES") }
    }
}
