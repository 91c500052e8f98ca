import Foundation
import Providers

/// What a push webhook says was pushed: the ref and the new revision. The controller
/// reconciles only when `ref` is the branch it follows; a tag push or another branch is
/// acknowledged and ignored.
public struct PushEvent: Sendable, Hashable {
    /// The full ref, e.g. `refs/heads/main`.
    public var ref: String
    /// The commit the ref points to now (40 hex digits); nil for a deleted branch.
    public var revision: String?

    public init(ref: String, revision: String?) {
        self.ref = ref
        self.revision = revision
    }

    /// Why a webhook body could not be read as a push.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// What a webhook request asks for, after its signature was accepted.
    public enum Kind: Sendable, Hashable {
        /// A push: reconcile when the ref is the followed one.
        case push(PushEvent)
        /// A ping or an event other than a push (the forge's name for it): answer 200, do nothing.
        case ignored(event: String)
    }

    /// Reads a verified webhook request of `forge`.
    ///
    /// - GitHub (`X-GitHub-Event: push`), Gitea (`X-Gitea-Event: push`): `ref` and `after`.
    /// - GitLab (`X-Gitlab-Event: Push Hook`): `ref` and `checkout_sha` (`after` as fallback).
    /// - generic: `{"ref": "refs/heads/main", "revision": "<sha>"}`, `revision` optional.
    /// An all-zero revision (a deleted branch) reads as nil.
    public static func parse(_ forge: GitForge, headers: HTTPHeaders, body: Data) throws(ParseError) -> Kind {
        let event: String?
        switch forge {
        case .github: event = headers["X-GitHub-Event"]
        case .gitlab: event = headers["X-Gitlab-Event"]
        case .gitea: event = headers["X-Gitea-Event"] ?? headers["X-Gogs-Event"]
        case .generic: event = nil
        }
        if forge != .generic {
            guard let event else {
                throw ParseError(description: "the request names no event (\(WebhookVerifier.eventHeader(for: forge)) missing)")
            }
            let isPush = forge == .gitlab ? event == "Push Hook" : event == "push"
            if !isPush { return .ignored(event: event) }
        }
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                throw ParseError(description: "the body is not a JSON object")
            }
            object = parsed
        } catch let error as ParseError {
            throw error
        } catch {
            throw ParseError(description: "the body is not JSON")
        }
        guard let ref = object["ref"] as? String, !ref.isEmpty else {
            throw ParseError(description: "the payload has no \"ref\"")
        }
        let revisionKeys: [String]
        switch forge {
        case .github, .gitea: revisionKeys = ["after"]
        case .gitlab: revisionKeys = ["checkout_sha", "after"]
        case .generic: revisionKeys = ["revision"]
        }
        let revision = revisionKeys.lazy.compactMap { object[$0] as? String }.first
        if let revision, !isCommitID(revision) {
            throw ParseError(description: "the payload's revision \"\(revision.prefix(80))\" is not a commit id")
        }
        return .push(PushEvent(ref: ref, revision: revision.flatMap { $0.allSatisfy { $0 == "0" } ? nil : $0.lowercased() }))
    }

    private static func isCommitID(_ text: String) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy(\.isHexDigit)
    }
}

extension WebhookVerifier {
    /// The header naming the event kind.
    public static func eventHeader(for forge: GitForge) -> String {
        switch forge {
        case .github: return "X-GitHub-Event"
        case .gitlab: return "X-Gitlab-Event"
        case .gitea: return "X-Gitea-Event"
        case .generic: return "(none)"
        }
    }
}
