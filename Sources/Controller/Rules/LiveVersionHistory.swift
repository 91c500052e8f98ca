import Foundation
import Providers
import Spec

/// What STARFACE version each system ran when: sightings read from earlier observed
/// estates. VER-2 needs the version that *made* a backup, which no backup target reports;
/// it is the live system's version at the backup's time, bounded by the sightings around
/// that time (versions never go down, VER-3). Without history, the current observation is
/// the only sighting, and the current live version is the upper bound.
public struct LiveVersionHistory: Sendable {
    public struct Sighting: Sendable, Hashable {
        public var time: Date
        public var version: StarfaceVersion

        public init(time: Date, version: StarfaceVersion) {
            self.time = time
            self.version = version
        }
    }

    /// Sightings per STARFACE resource, oldest first.
    private var sightings: [ResourceRef: [Sighting]] = [:]

    public init() {}

    /// Sightings of every STARFACE system with a known version in `estates`.
    public init(estates: [ObservedEstate]) {
        for estate in estates {
            for (ref, observation) in estate.resources where ref.kind == .starface {
                if case .present(.starface(let state)) = observation, let version = state.version {
                    record(Sighting(time: estate.observedAt, version: version), of: ref)
                }
            }
        }
    }

    /// Adds one sighting.
    public mutating func record(_ sighting: Sighting, of ref: ResourceRef) {
        var list = sightings[ref, default: []]
        let index = list.firstIndex { $0.time > sighting.time } ?? list.count
        list.insert(sighting, at: index)
        sightings[ref] = list
    }

    /// The version `ref` ran at `time`, as far as the sightings (with `current` added)
    /// tell: the last version seen at or before `time` (lower bound) and the first seen at
    /// or after it (upper bound). Nil when nothing bounds it from above.
    func bounds(of ref: ResourceRef, at time: Date, current: Sighting?) -> VersionBounds? {
        var list = sightings[ref] ?? []
        if let current {
            let index = list.firstIndex { $0.time > current.time } ?? list.count
            list.insert(current, at: index)
        }
        let lower = list.last { $0.time <= time }?.version
        guard let upper = list.first(where: { $0.time >= time })?.version else { return nil }
        return VersionBounds(lower: lower, upper: upper)
    }
}

/// The version that made a backup lies between `lower` (when known) and `upper`.
struct VersionBounds: Sendable, Hashable {
    var lower: StarfaceVersion?
    var upper: StarfaceVersion

    var isExact: Bool { lower == upper }

    /// `8.1.0.11`, or `8.1.0.9 … 8.1.0.11`, or `≤ 8.1.0.11`.
    var description: String {
        if isExact { return upper.description }
        if let lower { return "\(lower) … \(upper)" }
        return "≤ \(upper)"
    }
}
