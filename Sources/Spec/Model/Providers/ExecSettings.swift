/// A provider written by the admin: a program speaking sfreconcile's JSON protocol on
/// stdin/stdout. It may stand in for any kind of provider.
public struct ExecSettings: ProviderCommonSettings, Hashable {
    public var command: [String] = []
    public var site: String?
    public var timeout = TimeSpan.seconds(30)

    public init() {}

    public static let noun = "the exec provider"
    public static let summary = "An admin-written provider program (JSON over stdin/stdout)."
    public static let fields: [SpecField<ExecSettings>] = [
        .required("command", \.command, "Program and arguments, e.g. [/usr/local/bin/my-provider, --verbose]."),
    ] + SpecField.commonFields
}
