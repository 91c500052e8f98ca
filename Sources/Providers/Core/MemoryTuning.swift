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
}
