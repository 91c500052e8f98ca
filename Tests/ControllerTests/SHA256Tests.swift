import Controller
import Foundation
import Providers
import Testing

@Suite("SHA-256 and the observed digest")
struct SHA256Tests {
    @Test("FIPS 180-4 test vectors", arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func vectors(input: String, digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
    }

    @Test("a million a's, fed in uneven pieces")
    func million() {
        var hasher = SHA256()
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        var offset = 0
        var step = 1
        while offset < bytes.count {
            let end = min(bytes.count, offset + step)
            hasher.update(bytes[offset..<end])
            offset = end
            step = step * 3 % 1_000 + 7
        }
        #expect(hasher.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("the observed digest ignores when it was observed, and changes with what was observed")
    func digest() throws {
        var world = World()
        let first = try ObservedDigest.of(world.estate)
        #expect(first.hasPrefix("sha256:") && first.count == 7 + 64)
        world.observedAt = World.t0.addingTimeInterval(600)
        world.liveVM.snapshots = []
        #expect(try ObservedDigest.of(world.estate) == first)
        world.liveVM.numCPU = 8
        #expect(try ObservedDigest.of(world.estate) != first)
    }
}
