import ArgumentParser
import Controller
import Foundation
import Providers

extension SFReconcile {
    /// `sfreconcile status`: the controller's status document, from the running service or,
    /// when it cannot be reached, from the state store.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the controller's status: conditions, revisions, per-instance findings and scenarios.",
            discussion: """
                Asks the running service (GET URL/api/v1/status); when it cannot be reached, reads the \
                newest status `run` saved in the state store. Exit status: 0 ready, 1 not ready or no \
                status, 2 usage error. See docs/operations.md.
                """
        )

        @Flag(help: "Print the status document (JSON) instead of text.")
        var json = false

        @Option(help: ArgumentHelp("The service's address.", valueName: "URL"))
        var url = "http://127.0.0.1:9480"

        @OptionGroup(title: "State store")
        var state: StateOptions
    }
}

extension SFReconcile.Status {
    func run() async throws {
        let (body, origin) = try await document()
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            FileHandle.standardError.write(Data("error: the status document from \(origin) is not JSON\n".utf8))
            throw ExitCode.failure
        }
        if json {
            FileHandle.standardOutput.write(body)
            FileHandle.standardOutput.write(Data("\n".utf8))
        } else {
            print(StatusTextRenderer.render(object, origin: origin), terminator: "")
        }
        let ready = ((object["status"] as? [String: Any])?["conditions"] as? [[String: Any]])?
            .first { $0["kind"] as? String == "Ready" }?["status"] as? Bool ?? false
        if !ready { throw ExitCode.failure }
    }

    /// The document and where it came from.
    private func document() async throws -> (Data, String) {
        let endpoint = url.hasSuffix("/") ? String(url.dropLast()) : url
        if let client = try? HTTPClient(configuration: HTTPClientConfiguration(connectTimeout: .seconds(2), requestTimeout: .seconds(10))),
           let response = try? await client.send(HTTPRequest(url: endpoint + "/api/v1/status")), response.status == 200 {
            return (response.body, endpoint)
        }
        let store = try state.open(create: false)
        let saved: Data?
        do {
            saved = try ControllerDocuments(store: store).load(ControllerDocuments.status)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        guard let saved else {
            FileHandle.standardError.write(Data("error: \(endpoint) cannot be reached and `sfreconcile run` saved no status in \(store.directory) yet\n".utf8))
            throw ExitCode.failure
        }
        return (saved, "the state store \(store.directory) (the service at \(endpoint) cannot be reached)")
    }
}
