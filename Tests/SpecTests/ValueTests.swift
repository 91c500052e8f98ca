import Foundation
import Spec
import Testing

@Suite("Values")
struct ValueTests {
    @Test("STARFACE versions compare part by part as numbers")
    func versions() throws {
        let a = try #require(StarfaceVersion(parsing: "8.1.0.9"))
        let b = try #require(StarfaceVersion(parsing: "8.1.0.11"))
        #expect(a < b)
        #expect(StarfaceVersion(parsing: "10.0.0.0")! > StarfaceVersion(parsing: "9.9.9.9")!)
        #expect(b.description == "8.1.0.11")
        #expect(StarfaceVersion(parsing: "123456789.0.0.0")?.description == "123456789.0.0.0")
        for bad in ["8.1.0", "8.1.0.1.2", "8.1.x.1", "", "8..0.1", "-1.0.0.0", "8.1.0.11 ", ".1.0.1", "8.1.0.",
                    "1234567890.0.0.0", "\u{FF18}.1.0.1", "+8.1.0.1"] {
            #expect(StarfaceVersion(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("URLs read without Foundation have the scheme and host Foundation reads")
    func plainURLs() throws {
        let urls = ["https://pbx-0.example.com", "https://vc.example.com/sdk", "HTTPS://vc.example.com/", "http://10.0.0.1/a/b_c~d.e",
                    "smtps://mail.example.net", "s3+x://bucket.example.org/path/", "https://Upper.example.com", "https://host:8443/x",
                    "https://user@host.example.com", "https://host.example.com/a?b=c", "https://-bad.example.com"]
        for text in urls {
            let url = try #require(EndpointURL(parsing: text), "\(text)")
            let components = try #require(URLComponents(string: text))
            #expect(url.scheme == components.scheme?.lowercased(), "\(text)")
            #expect(url.host == components.host, "\(text)")
            #expect(url.text == text)
        }
        for bad in ["https://", "https:///path", "pbx.example.com", "://host"] {
            #expect(EndpointURL(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("secret references parse only in their exact forms")
    func secretReferences() {
        #expect(SecretReference(parsing: "${env:VC_PASSWORD}") == .environment("VC_PASSWORD"))
        #expect(SecretReference(parsing: "${file:/etc/x}") == .file("/etc/x"))
        for bad in ["${env:}", "${env:1X}", "${file:rel}", "${vault:x}", "$env:X", "${env:X}x", "x${env:X}", "${env:A-B}"] {
            #expect(SecretReference(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("secrets resolve at use and never print")
    func secretResolution() throws {
        let value = try SecretReference.environment("PW").resolve(environment: ["PW": "hunter2"])
        #expect(value.reveal() == "hunter2")
        #expect("\(value)" == "<redacted>")
        #expect(String(reflecting: value) == "<redacted>")

        let file = FileManager.default.temporaryDirectory.appendingPathComponent("sfr-secret-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try "s3cr3t\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try SecretReference.file(file.path).resolve().reveal() == "s3cr3t")

        let missing = #expect(throws: SecretReference.ResolutionError.self) {
            try SecretReference.environment("NOT_SET_ANYWHERE").resolve(environment: [:])
        }
        #expect(missing?.description.contains("NOT_SET_ANYWHERE") == true)
    }

    @Test("a literal secret is reported without echoing it")
    func literalSecretNotEchoed() {
        let result = load(baseSpec(replacing: "password: ${env:VC_PASSWORD}", with: "password: Hunter2-Geheim"))
        #expect(result.codes() == [.literalSecret])
        for diagnostic in result.diagnostics {
            #expect(!diagnostic.message.contains("Hunter2") && !(diagnostic.hint ?? "").contains("Hunter2"))
        }
    }

    @Test("the spec's JSON form shows secret references, never values")
    func specJSON() {
        let result = load(baseSpec)
        let json = result.spec.json.serialized()
        #expect(json.contains("${env:VC_PASSWORD}"))
        #expect(json.contains("\"maxAge\": \"3d\""))
    }

    @Test("wall-clock times and time zones")
    func clockAndZones() {
        #expect(WallClockTime(parsing: "22:00")?.minuteOfDay == 1320)
        #expect(WallClockTime(parsing: "24:00") != nil)
        for bad in ["24:01", "7:00", "12:60", "noon", "12-00"] { #expect(WallClockTime(parsing: bad) == nil, "\(bad)") }
        #expect(TimeZoneName("Europe/Berlin") != nil)
        #expect(TimeZoneName("Europe/Berln") == nil)
    }

    @Test("did-you-mean finds typos, not unrelated words")
    func suggestions() {
        #expect(Suggestions.closest(to: "pasword", in: ["password", "username"]) == "password")
        #expect(Suggestions.closest(to: "usrename", in: ["password", "username"]) == "username")
        #expect(Suggestions.closest(to: "colour", in: ["password", "username"]) == nil)
    }
}
