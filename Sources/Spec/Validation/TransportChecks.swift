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
                if let hook = s.backupHook { checkBackupHook(hook, path.appending("backupHook"), &report) }
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
            let path = SpecPath("alerts").appending(index: index)
            switch sink {
            case .smtp(let s):
                if !["smtp", "smtps"].contains(s.url.scheme) {
                    report.error(.invalidValue, path.appending("url"),
                                 "an SMTP sink needs an smtp:// or smtps:// URL", hint: "e.g. smtps://mail.example.com")
                }
                checkTLS(s.tls, path, &report)
            case .alertmanager(let s):
                checkTLS(s.tls, path, &report)
            case .webhook(let s):
                checkTLS(s.tls, path, &report)
                if s.format != .generic {
                    if case .text = s.url {
                        report.warning(.literalSecret, path.appending("url"),
                                       "a \(s.format.rawValue) webhook URL carries its access token; it is written in the spec",
                                       hint: "keep it in a secret reference, e.g. url: \"${env:\(s.format.rawValue.uppercased())_WEBHOOK_URL}\"")
                    }
                    if s.secret != nil {
                        report.warning(.invalidValue, path.appending("secret"),
                                       "secret signs generic webhooks only; \(s.format.rawValue) ignores it",
                                       hint: "remove secret, or use format: generic")
                    }
                }
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

    /// A backup hook has exactly one way to run; commands are absolute; HTTP hooks have an
    /// http(s) URL and valid header names, and send secrets encrypted.
    private static func checkBackupHook(_ hook: BackupHook, _ path: SpecPath, _ report: inout ValidationReport) {
        switch (hook.command, hook.http) {
        case (nil, nil):
            report.error(.missingKey, path, "the backup hook needs command or http",
                         hint: "add command: [/usr/local/bin/start-starface-backup] or http: { url: … }; "
                             + "leave backupHook out to be told what to do in the STARFACE admin UI instead")
        case (.some, .some):
            report.error(.invalidValue, path, "the backup hook has both command and http",
                         hint: "keep one of them; the hook runs exactly one thing")
        case (let command?, nil):
            if command.isEmpty {
                report.error(.invalidValue, path.appending("command"), "the command is empty",
                             hint: "name the program, e.g. [/usr/local/bin/start-starface-backup]")
            } else if !command[0].hasPrefix("/") {
                report.error(.invalidValue, path.appending("command").appending(index: 0), "the program must be an absolute path",
                             hint: "write the full path, e.g. /usr/local/bin/start-starface-backup (the hook does not search PATH)")
            }
        case (nil, let http?):
            let httpPath = path.appending("http")
            if case .text(let text) = http.url {
                if let url = EndpointURL(parsing: text), ["http", "https"].contains(url.scheme) {
                    let sendsSecret = http.headers.contains { if case .secret = $0.value { return true } else { return false } }
                    if url.scheme == "http", sendsSecret {
                        report.warning(.insecureTransport, httpPath.appending("url"), "the hook's secret headers would be sent unencrypted over http://",
                                       hint: "use an https:// URL")
                    }
                } else {
                    report.error(.invalidValue, httpPath.appending("url"), "\"\(text)\" is not an http:// or https:// URL",
                                 hint: "write the full URL, e.g. https://automation.example.com/hooks/starface-backup")
                }
            }
            for (index, header) in http.headers.enumerated() where !isHeaderName(header.name) {
                report.error(.invalidValue, httpPath.appending("headers").appending(index: index).appending("name"),
                             "\"\(header.name)\" is not a valid header name",
                             hint: "use letters, digits and - only, e.g. Authorization or X-Api-Key")
            }
            if http.tls.insecureSkipVerify { checkTLS(http.tls, httpPath, &report) }
        }
        if hook.timeout.seconds <= 0 {
            report.error(.invalidValue, path.appending("timeout"), "the hook's timeout must be longer than zero",
                         hint: "e.g. timeout: 5m")
        }
    }

    private static func isHeaderName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || "!#$%&'*+-.^_`|~".unicodeScalars.contains($0)
        }
    }

    private static func checkSSHLogin(keyFile: String?, password: SecretReference?, _ path: SpecPath, _ report: inout ValidationReport) {
        if keyFile == nil && password == nil {
            report.error(.missingKey, path, "SSH needs keyFile or password",
                         hint: "add keyFile: /etc/sfreconcile/id_ed25519 (preferred) or password: ${env:NAME}")
        }
    }
}
