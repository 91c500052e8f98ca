import ArgumentParser
import Controller
import Spec

extension SFReconcile {
    /// `sfreconcile schema`: prints the JSON Schema of the spec format for editors.
    struct Schema: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the JSON Schema of the spec format (for the YAML language server).",
            discussion: """
                Add "# yaml-language-server: $schema=<path to the printed file>" at the top of a \
                spec file to get completion and checks in editors. --format markdown prints \
                the key reference of docs/spec-keys.md.
                """
        )

        /// What to print.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case json, markdown
        }

        @Option(help: "json (JSON Schema, draft-07) or markdown (key reference tables).")
        var format: Format = .json
    }
}

extension SFReconcile.Schema {
    func run() throws {
        let schema = SpecDocument.documentSchema
        switch format {
        case .json: print(schema.serialized())
        case .markdown: print(SchemaMarkdownRenderer.render(schema), terminator: "")
        }
    }
}
