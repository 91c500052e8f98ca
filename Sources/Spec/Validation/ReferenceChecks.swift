/// Every name the spec refers to exists and has a kind that fits where it is used.
enum ReferenceChecks {
    static func run(_ spec: Spec, _ report: inout ValidationReport) {
        let providerKinds = Dictionary(uniqueKeysWithValues: spec.providers.entries.map { ($0.name, $0.value.kind) })
        let checker = ReferenceChecker(spec: spec, providerKinds: providerKinds)

        for entry in spec.providers.entries {
            if let site = entry.value.site {
                checker.site(site, at: SpecPath("providers").appending(entry.name).appending("site"), &report)
            }
        }
        for entry in spec.instances.entries {
            let base = SpecPath("instances").appending(entry.name)
            let instance = entry.value
            checker.site(instance.live.site, at: base.appending("live").appending("site"), &report)
            if let vm = instance.live.vm {
                checker.provider(vm.provider, at: base.appending("live").appending("vm").appending("provider"),
                                 allowed: ProviderSettings.Kind.hypervisors, role: "a VM", &report)
            }
            if let starface = instance.live.starface {
                checker.provider(starface, at: base.appending("live").appending("starface"),
                                 allowed: ProviderSettings.Kind.starfaceSystems, role: "a STARFACE system", &report)
            }
            for (index, replica) in instance.geo.enumerated() {
                let path = { base.appending("geo").appending(index: index) }
                checker.site(replica.site, at: path().appending("site"), &report)
                checker.provider(replica.via.provider, at: path().appending("via").appending("provider"),
                                 allowed: ProviderSettings.Kind.replicators, role: "replication", &report)
            }
            for (index, standby) in instance.platform.enumerated() {
                let path = { base.appending("platform").appending(index: index) }
                checker.site(standby.site, at: path().appending("site"), &report)
                checker.provider(standby.starface, at: path().appending("starface"),
                                 allowed: ProviderSettings.Kind.starfaceSystems, role: "a STARFACE system", &report)
                if let source = standby.restoreFrom {
                    checker.provider(source, at: path().appending("restoreFrom"),
                                     allowed: ProviderSettings.Kind.backupTargets, role: "a backup target", &report)
                }
            }
            if let backup = instance.backups.starface {
                checker.provider(backup.target, at: base.appending("backups").appending("starface").appending("target"),
                                 allowed: ProviderSettings.Kind.backupTargets, role: "a backup target", &report)
            }
            if let backup = instance.backups.vm {
                checker.provider(backup.provider, at: base.appending("backups").appending("vm").appending("provider"),
                                 allowed: ProviderSettings.Kind.vmBackup, role: "VM backups", &report)
            }
        }
    }
}

/// Checks one reference at a time against the defined names.
private struct ReferenceChecker {
    let spec: Spec
    let providerKinds: [String: ProviderSettings.Kind]

    /// Checks that site `name` is defined; `path` is written out only for a diagnostic.
    func site(_ name: String, at path: @autoclosure () -> SpecPath, _ report: inout ValidationReport) {
        guard !name.isEmpty, spec.sites[name] == nil else { return }
        report.error(.unknownReference, path(), "site \"\(name)\" is not defined",
                     hint: Suggestions.closest(to: name, in: spec.sites.names).map { "did you mean \"\($0)\"?" }
                        ?? "define it under sites: (defined: \(Self.list(spec.sites.names)))")
    }

    /// Checks that provider `name` is defined and fits `allowed`; `path` is written out only
    /// for a diagnostic.
    func provider(_ name: String, at path: @autoclosure () -> SpecPath, allowed: Set<ProviderSettings.Kind>, role: String,
                  _ report: inout ValidationReport) {
        guard !name.isEmpty else { return }
        guard let kind = providerKinds[name] else {
            let fitting = providerKinds.filter { allowed.contains($0.value) || $0.value == .exec }.keys.sorted()
            report.error(.unknownReference, path(), "provider \"\(name)\" is not defined",
                         hint: Suggestions.closest(to: name, in: providerKinds.keys).map { "did you mean \"\($0)\"?" }
                            ?? "define it under providers: (fitting here: \(Self.list(fitting)))")
            return
        }
        guard allowed.contains(kind) || kind == .exec else {
            let kinds = allowed.map(\.rawValue).sorted().joined(separator: " or ")
            report.error(.wrongReferenceType, path(),
                         "provider \"\(name)\" is of type \(kind.rawValue), which cannot serve as \(role) here",
                         hint: "use a provider of type \(kinds) (or exec)")
            return
        }
    }

    private static func list(_ names: [String]) -> String {
        names.isEmpty ? "none" : names.sorted().joined(separator: ", ")
    }
}
