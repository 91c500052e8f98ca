import CMallocTuning

/// Process-wide memory settings for sfreconcile's executables; call `apply()` once at start.
///
/// Providers handle answers of hundreds of kilobytes (SOAP pages, response bodies, parser
/// buffers) that live only briefly. glibc raises its mmap threshold each time such a block is
/// freed, after which these blocks come from the heap arenas of the many threads that touch
/// them and stay there as fragments. Fixing the threshold at glibc's default of 128 KiB gives
/// them back to the system as soon as they are freed: observing 5,000 VMs peaks at about
/// 47 MB instead of 62 MB (docs/performance.md), at no measurable cost in time.
public enum MemoryTuning {
    public static func apply() {
        _ = sf_set_mmap_threshold(128 * 1024)
    }

    /// For a command that builds one large result and exits (`plan`), call after `apply()`.
    ///
    /// Planning 10,000 instances grows the heap to a few hundred megabytes in one go. With the
    /// settings above, glibc grows it by small steps, gives freed memory at its top back (and
    /// faults it in again moments later), and serves every block over 128 KiB — the plan's
    /// arrays and output buffers as they double — from a fresh mapping. Here the heap grows by
    /// 64 MiB at a time, is not trimmed, and blocks up to 32 MiB come from it: fewer system
    /// calls and page faults (docs/performance.md, "Planning"). Not for `run`: a long-lived
    /// controller should give memory back after each reconcile.
    public static func applyForOneShotCommand() {
        _ = sf_set_mmap_threshold(32 << 20)
        _ = sf_set_top_pad(64 << 20)
        _ = sf_set_trim_threshold(Int32.max)
    }
}
