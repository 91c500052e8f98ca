/// What a STARFACE system runs on.
public enum Platform: String, SpecEnum, Codable {
    /// VM-Edition on vSphere or Hyper-V.
    case vm
    /// A physical STARFACE appliance.
    case appliance
    /// A hosted STARFACE Cloud instance.
    case cloud
}
