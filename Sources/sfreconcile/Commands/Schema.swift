import ArgumentParser
import Spec

extension SFReconcile {
    /// `sfreconcile schema`: prints the JSON Schema of the spec format for editors.
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the JSON Schema of the spec format (for the YAML language server).",
            discussion: """
                Add "# yaml-language-server: $schema=<path to the printed file>" at the top of a \
                spec file to get completion and checks in editors.
                """
        )
    }
}

extension SFReconcile.Schema {
    func run() throws {
        print(SpecDocument.documentSchema.serialized())
    }
}
