import Foundation
import Providers
import Spec

/// Builds the sink clients for the spec's `alerts:` list, resolving their secret references
/// on this host.
public enum AlertSinkFactory {
    /// Why a sink could not be set up; names the sink and the reference, never a value.
    public struct SetupError: Error, Sendable, CustomStringConvertible {
        public var sink: String
        public var reason: String
        public var description: String { "alert sink \"\(sink)\": \(reason)" }
    }

    /// One client per sink, in spec order.
    /// - Parameters:
    ///   - sinks: the spec's `alerts`.
    ///   - environment: where `${env:…}` references are read.
    ///   - redactor: applied to error texts the sinks keep.
    ///   - repostInterval: the dispatcher's; Alertmanager alerts stay valid for three of them.
    public static func make(_ sinks: [AlertSink], environment: [String: String], redactor: Redactor = Redactor(),
                            repostInterval: Duration = .seconds(60)) throws(SetupError) -> [ConfiguredAlertSink] {
        var result: [ConfiguredAlertSink] = []
        for sink in sinks {
            result.append(try make(sink, environment: environment, redactor: redactor, repostInterval: repostInterval))
        }
        return result
    }

    static func make(_ sink: AlertSink, environment: [String: String], redactor: Redactor,
                     repostInterval: Duration) throws(SetupError) -> ConfiguredAlertSink {
        func resolveReference(_ reference: SecretReference) throws(SetupError) -> String {
            do {
                return try reference.resolve(environment: environment).reveal()
            } catch {
                throw SetupError(sink: sink.name, reason: error.description)
            }
        }
        func resolveValue(_ value: SecretOrText) throws(SetupError) -> String {
            do {
                return try value.resolve(environment: environment).reveal()
            } catch {
                throw SetupError(sink: sink.name, reason: error.description)
            }
        }
        func httpClient(_ tls: TLSSettings) throws(SetupError) -> HTTPClient {
            do {
                return try HTTPClient(configuration: HTTPClientConfiguration(tls: .init(tls), requestTimeout: .seconds(15)),
                                      warn: { _ in })
            } catch {
                throw SetupError(sink: sink.name, reason: error.description)
            }
        }

        switch sink {
        case .alertmanager(let settings):
            let client = AlertmanagerSinkClient(name: settings.name, baseURL: settings.url.text, client: try httpClient(settings.tls),
                                                validity: repostInterval * 3, redactor: redactor)
            return ConfiguredAlertSink(name: settings.name, kind: "alertmanager", minimumSeverity: settings.minSeverity,
                                       repostsWhileFiring: true, client: client)
        case .webhook(let settings):
            let url = try resolveValue(settings.url)
            let client: any AlertSinkClient
            switch settings.format {
            case .generic:
                client = WebhookSinkClient(name: settings.name, url: url, secret: try settings.secret.map { ref throws(SetupError) in try resolveReference(ref) },
                                           client: try httpClient(settings.tls), redactor: redactor)
            case .slack:
                client = SlackSinkClient(name: settings.name, url: url, client: try httpClient(settings.tls))
            case .teams:
                client = TeamsSinkClient(name: settings.name, url: url, client: try httpClient(settings.tls))
            }
            return ConfiguredAlertSink(name: settings.name, kind: settings.format == .generic ? "webhook" : settings.format.rawValue,
                                       minimumSeverity: settings.minSeverity, client: client)
        case .smtp(let settings):
            let username = try settings.username.map { value throws(SetupError) in try resolveValue(value) }
            let password = try settings.password.map { ref throws(SetupError) in try resolveReference(ref) }
            let smtp: SMTPClient
            do {
                smtp = try SMTPClient(configuration: SMTPClient.Configuration(url: settings.url.text, username: username,
                                                                              password: password.map(SecretValue.init),
                                                                              tls: .init(settings.tls)))
            } catch {
                throw SetupError(sink: sink.name, reason: "\(error)")
            }
            return ConfiguredAlertSink(name: settings.name, kind: "smtp", minimumSeverity: settings.minSeverity,
                                       client: SMTPSinkClient(name: settings.name, from: settings.from, to: settings.to,
                                                              client: smtp, redactor: redactor))
        }
    }
}
