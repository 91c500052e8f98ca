/// The recovery objectives for one failure scenario.
public struct Objective: SpecObject, Hashable {
    public var rto: TimeSpan?
    public var rpo: TimeSpan?

    public init() {}

    public init(rto: TimeSpan?, rpo: TimeSpan?) {
        self.rto = rto
        self.rpo = rpo
    }

    public static let summary = "Recovery objectives for one failure scenario."
    public static let fields: [SpecField<Objective>] = [
        .optional("rto", \.rto, "Longest acceptable time until telephony works again."),
        .optional("rpo", \.rpo, "Largest acceptable loss of data (call lists, voicemails, faxes), as time."),
    ]

    /// This objective with the values of `override` taking precedence.
    public func overridden(by override: Objective?) -> Objective {
        guard let override else { return self }
        return Objective(rto: override.rto ?? rto, rpo: override.rpo ?? rpo)
    }
}

/// RTO/RPO objectives per failure scenario (OBJ-1). Set at the top level as defaults and
/// per instance as overrides; a scenario without objectives is reported, not judged.
public struct Objectives: SpecObject, Hashable {
    public var host: Objective?
    public var site: Objective?
    public var platform: Objective?

    public init() {}

    public static let summary = "RTO/RPO objectives per failure scenario (OBJ-1)."
    public static let fields: [SpecField<Objectives>] = [
        .optional("host", \.host, "Objectives when the host running the live VM fails."),
        .optional("site", \.site, "Objectives when the live system's whole site fails."),
        .optional("platform", \.platform, "Objectives when the whole virtualisation platform fails."),
    ]

    /// These objectives with each scenario's values overridden by `override`.
    public func overridden(by override: Objectives?) -> Objectives {
        guard let override else { return self }
        var result = Objectives()
        result.host = (host ?? Objective()).overridden(by: override.host).nilIfEmpty
        result.site = (site ?? Objective()).overridden(by: override.site).nilIfEmpty
        result.platform = (platform ?? Objective()).overridden(by: override.platform).nilIfEmpty
        return result
    }
}

extension Objective {
    fileprivate var nilIfEmpty: Objective? { rto == nil && rpo == nil ? nil : self }
}
