/// Credentials travel encrypted, certificate checks stay on unless turned off on purpose,
/// and every way of logging in has what it needs.
enum TransportChecks {
    static func run(_ spec: Spec, _ report: inout ValidationReport) {
        for entry in spec.providers.entries {
            let path = SpecPath("providers").appending(entry.name)
            guard report.isClean(path) else { continue }
            switch entry.value {
            case .vsphere(let s): checkCredentialed(s.endpoint, path, &report)
            case .srm(let s): checkCredentialed(s.endpoint, path, &report)
            case .veeam(let s): checkCredentialed(s.endpoint, path, &report)
            case .starface(let s):
                checkEncrypted(s.url, path, &report)
                checkTLS(s.tls, path, &report)
                if let ssh = s.ssh { checkSSHLogin(keyFile: ssh.keyFile, password: ssh.password, path.appending("ssh"), &report) }
            case .hyperv(let s):
                if s.endpoint.url.scheme != "https" {
                    report.error(.insecureTransport, path.appending("url"),
                                 "WinRM must use HTTPS: over plain HTTP the credentials and every command would need message encryption",
                                 hint: "use https://<host>:5986/wsman and a certificate on the Hyper-V host")
                }
                checkTLS(s.endpoint.tls, path, &report)
            case .webdav(let s):
                if s.password != nil { checkEncrypted(s.url, path, &report) }
                checkTLS(s.tls, path, &report)
            case .s3(let s):
                if s.endpoint.scheme != "https" {
                    report.warning(.insecureTransport, path.appending("endpoint"), "S3 requests go unencrypted over HTTP",
                                   hint: "use an https:// endpoint")
                }
                checkTLS(s.tls, path, &report)
            case .sftp(let s):
                checkSSHLogin(keyFile: s.ssh.keyFile, password: s.ssh.password, path, &report)
            case .directory(let s):
                if !s.path.hasPrefix("/") {
                    report.error(.invalidValue, path.appending("path"), "the directory path must be absolute",
                                 hint: "write the mount point, e.g. /mnt/starface-backups")
                }
            case .exec(let s):
                if s.command.isEmpty {
                    report.error(.invalidValue, path.appending("command"), "the command is empty",
                                 hint: "name the program, e.g. [/usr/local/bin/my-provider]")
                }
            }
        }
        for (index, sink) in spec.alerts.enumerated() {
            if case .smtp(let s) = sink, !["smtp", "smtps"].contains(s.url.scheme) {
                report.error(.invalidValue, SpecPath("alerts").appending(index: index).appending("url"),
                             "an SMTP sink needs an smtp:// or smtps:// URL", hint: "e.g. smtps://mail.example.com")
            }
        }
    }

    private static func checkCredentialed(_ endpoint: ServiceEndpoint, _ path: SpecPath, _ report: inout ValidationReport) {
        checkEncrypted(endpoint.url, path, &report)
        checkTLS(endpoint.tls, path, &report)
    }

    private static func checkEncrypted(_ url: EndpointURL, _ path: SpecPath, _ report: inout ValidationReport) {
        if url.scheme != "https" {
            report.warning(.insecureTransport, path.appending("url"),
                           "credentials would be sent unencrypted over \(url.scheme)://",
                           hint: "use https:// (plain http only against a local simulator)")
        }
    }

    private static func checkTLS(_ tls: TLSSettings, _ path: SpecPath, _ report: inout ValidationReport) {
        if tls.insecureSkipVerify {
            report.warning(.insecureTransport, path.appending("tls").appending("insecureSkipVerify"),
                           "certificate verification is turned off; anyone on the path can read the credentials",
                           hint: "set tls.caFile to the CA that signed the server certificate instead")
        }
    }

    private static func checkSSHLogin(keyFile: String?, password: SecretReference?, _ path: SpecPath, _ report: inout ValidationReport) {
        if keyFile == nil && password == nil {
            report.error(.missingKey, path, "SSH needs keyFile or password",
                         hint: "add keyFile: /etc/sfreconcile/id_ed25519 (preferred) or password: ${env:NAME}")
        }
    }
}
