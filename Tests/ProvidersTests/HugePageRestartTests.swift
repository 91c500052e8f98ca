@testable import Providers
import Testing

@Suite("Huge-page restart of one-shot commands")
struct HugePageRestartTests {
    static let madvise = "always [madvise] never\n"

    @Test("restarts only where the kernel gives huge pages to memory that asks for them")
    func kernelModes() {
        #expect(HugePageRestart.restartEnvironment(tunables: nil, kernelMode: Self.madvise) != nil)
        #expect(HugePageRestart.restartEnvironment(tunables: nil, kernelMode: "[always] madvise never\n") == nil)
        #expect(HugePageRestart.restartEnvironment(tunables: nil, kernelMode: "always madvise [never]\n") == nil)
        #expect(HugePageRestart.restartEnvironment(tunables: nil, kernelMode: nil) == nil)   // no such file: not Linux, or no THP
    }

    @Test("adds the tunable to what GLIBC_TUNABLES holds, and saves that to be put back")
    func tunables() throws {
        let unset = try #require(HugePageRestart.restartEnvironment(tunables: nil, kernelMode: Self.madvise))
        #expect(unset.tunables == "glibc.malloc.hugetlb=1")
        #expect(HugePageRestart.originalTunables(saved: unset.saved) == nil)

        let other = try #require(HugePageRestart.restartEnvironment(tunables: "glibc.malloc.check=0", kernelMode: Self.madvise))
        #expect(other.tunables == "glibc.malloc.check=0:glibc.malloc.hugetlb=1")
        #expect(HugePageRestart.originalTunables(saved: other.saved) == "glibc.malloc.check=0")

        let empty = try #require(HugePageRestart.restartEnvironment(tunables: "", kernelMode: Self.madvise))
        #expect(empty.tunables == "glibc.malloc.hugetlb=1")
        #expect(HugePageRestart.originalTunables(saved: empty.saved) == "")
    }

    @Test("a user's own glibc.malloc.hugetlb setting wins: no restart")
    func userChoice() {
        #expect(HugePageRestart.restartEnvironment(tunables: "glibc.malloc.hugetlb=0", kernelMode: Self.madvise) == nil)
        #expect(HugePageRestart.restartEnvironment(tunables: "glibc.malloc.check=0:glibc.malloc.hugetlb=2", kernelMode: Self.madvise) == nil)
    }
}
