@testable import Controller
import Providers
import Testing

@Suite("Finding: satisfied sentences written when read")
struct FindingSentenceTests {
    private let kept = Finding.satisfied(.bak2, "pbx", "nas/backups/pbx", desired: "off-site", observed: "declared offsite",
                                         .backupTargetOffsite(target: "nas"))
    private let written = Finding.satisfied(.bak2, "pbx", "nas/backups/pbx", desired: "off-site", observed: "declared offsite",
                                            "Backup target nas is declared off-site.")

    @Test("a kept sentence reads as the text; it equals and hashes as the finding holding that text")
    func readsAsText() {
        #expect(kept.message == "Backup target nas is declared off-site.")
        #expect(kept == written)
        #expect(kept.hashValue == written.hashValue)
        let other = Finding.satisfied(.bak2, "pbx", "nas/backups/pbx", desired: "off-site", observed: "declared offsite",
                                      .backupTargetOffsite(target: "tape"))
        #expect(kept != other)
    }

    @Test("setting the message replaces the sentence; setting an unknown reason keeps it")
    func settingKeepsMeaning() {
        var finding = kept
        finding.message = "redacted"
        #expect(finding.message == "redacted")
        #expect(finding != kept)

        var reasoned = kept
        let reason = ProviderError(.unsupported, "not reported")
        reasoned.unknownReason = reason
        #expect(reasoned.message == kept.message)
        #expect(reasoned.unknownReason == reason)
        reasoned.unknownReason = nil
        #expect(reasoned == kept)
    }

    @Test("a finding is no larger than before sentences were kept")
    func size() {
        #expect(MemoryLayout<Finding>.stride <= 152)
    }
}
