import Spec

/// Which platform each STARFACE provider's PBX runs on, read from the instances that name
/// it: `live.platform` for `live.starface`, `platform[].platform` for a standby's
/// `starface`. A provider named with two different platforms gets none (the spec
/// contradicts itself; validation reports such specs elsewhere).
public enum StarfacePlatforms {
    public static func derive(from spec: Spec) -> [String: Platform] {
        var platforms: [String: Platform] = [:]
        var conflicting = Set<String>()
        func note(_ provider: String, _ platform: Platform) {
            if let known = platforms[provider], known != platform { conflicting.insert(provider) }
            platforms[provider] = platform
        }
        for entry in spec.instances.entries {
            if let live = entry.value.live.starface { note(live, entry.value.live.platform) }
            for standby in entry.value.platform { note(standby.starface, standby.platform) }
        }
        for provider in conflicting { platforms[provider] = nil }
        return platforms
    }
}
