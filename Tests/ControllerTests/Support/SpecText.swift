import Foundation

/// Spec file contents for tests.
enum SpecText {
    /// A valid spec defining one site.
    static func site(_ name: String, _ description: String = "a site") -> String {
        """
        apiVersion: sfreconcile/v1
        sites:
          \(name): { description: "\(description)" }

        """
    }

    /// A spec with an unknown key (error on line 3).
    static let invalid = """
        apiVersion: sfreconcile/v1
        sites:
          broken: { descripton: "typo" }

        """
}
