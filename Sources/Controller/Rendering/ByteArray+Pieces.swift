extension Array where Element == [UInt8] {
    /// The pieces one after the other, in one array sized once.
    func joinedBytes() -> [UInt8] {
        var joined: [UInt8] = []
        joined.reserveCapacity(reduce(0) { $0 + $1.count })
        for piece in self { joined += piece }
        return joined
    }
}
