/// A place where systems run (a data centre, a branch, a cloud region). Sites decide
/// what a site failure takes down, and whether backups are off-site.
public struct Site: SpecObject, Hashable {
    public var description: String?

    public init() {}

    public static let summary = "A place where systems run; a site failure takes down everything at it."
    public static let fields: [SpecField<Site>] = [
        .optional("description", \.description, "Free text shown in plans."),
    ]
}
