/// What looking a VM up by name found.
enum VMLookup: Sendable {
    /// Exactly one VM of that name (Fault Tolerance secondaries not counted).
    case found(VMProperties.Record)
    /// No VM of that name.
    case absent
    /// Several VMs of that name: the spec's reference is ambiguous.
    case ambiguous([ManagedObjectReference])
    /// The VM exists but could not be read.
    case failed(ProviderError)
}

extension VSphereClient {
    /// Looks VMs up by name in as few round trips as the inventory allows:
    ///
    /// 1. one pass over a container view of all VMs, reading only `name`;
    /// 2. the details of the VMs named, in batches of `options.batchSize`, up to
    ///    `options.maxConcurrentRequests` at once, each answer parsed as it streams in;
    /// 3. one pass over their hosts and, through each host's `parent`, their clusters.
    ///
    /// Throws only when nothing could be learnt (login or the first pass failed).
    func lookUpVMs(named names: Set<String>, options: VSphereOptions) async throws(ProviderError) -> [String: VMLookup] {
        guard !names.isEmpty else { return [:] }

        // 1. Names of every VM.
        let view = try await createContainerView(of: "VirtualMachine")
        var candidates: [String: [ManagedObjectReference]] = [:]
        do {
            try await retrieve(PropertyQuery(source: .view(view), properties: [("VirtualMachine", VMProperties.identity)]),
                               pageSize: options.pageSize) { object in
                guard let escaped = object["name"]?.text else { return }
                let name = VMProperties.name(escaped)
                if names.contains(name) { candidates[name, default: []].append(object.obj) }
            }
        } catch {
            await destroyView(view)
            throw error
        }
        await destroyView(view)

        // 2. Details of the candidates.
        let refs = candidates.values.flatMap { $0 }
        let details = await vmDetails(refs, options: options)

        // 3. Hosts and clusters of the VMs read.
        let hostRefs = Set(details.values.compactMap { try? $0.get().host })
        let placement: Result<HostPlacement, ProviderError>
        do throws(ProviderError) {
            placement = .success(try await hostPlacement(Array(hostRefs), options: options))
        } catch {
            placement = .failure(error)
        }

        var lookups: [String: VMLookup] = [:]
        for name in names {
            let matches = candidates[name] ?? []
            var records: [VMProperties.Record] = []
            var failure: ProviderError?
            for ref in matches {
                switch details[ref] {
                case .success(let record)?: records.append(record)
                case .failure(let error)?: failure = failure ?? error
                case nil: break   // deleted between the passes: it no longer exists
                }
            }
            if let failure {
                lookups[name] = .failed(failure)
                continue
            }
            let primaries = records.count > 1 ? records.filter { ($0.ftRole ?? 1) <= 1 } : records
            switch primaries.count {
            case 0:
                lookups[name] = records.isEmpty ? .absent : .ambiguous(records.map(\.ref))
            case 1:
                var record = primaries[0]
                if let host = record.host {
                    switch placement {
                    case .success(let placement): placement.apply(host: host, to: &record.state)
                    case .failure(let error):
                        lookups[name] = .failed(error)
                        continue
                    }
                }
                lookups[name] = .found(record)
            default:
                lookups[name] = .ambiguous(primaries.map(\.ref))
            }
        }
        return lookups
    }

    /// Reads the details of `refs` in concurrent batches. A VM missing from the answer was
    /// deleted meanwhile and is left out.
    private func vmDetails(_ refs: [ManagedObjectReference], options: VSphereOptions)
        async -> [ManagedObjectReference: Result<VMProperties.Record, ProviderError>] {
        let batches = stride(from: 0, to: refs.count, by: options.batchSize).map {
            Array(refs[$0..<min($0 + options.batchSize, refs.count)])
        }
        let results = await batches.concurrentMap(limit: options.maxConcurrentRequests) { batch in
            await self.vmDetailBatch(batch, options: options, splitOnNotFound: true)
        }
        var details: [ManagedObjectReference: Result<VMProperties.Record, ProviderError>] = [:]
        details.reserveCapacity(refs.count)
        for result in results {
            details.merge(result) { first, _ in first }
        }
        return details
    }

    private func vmDetailBatch(_ batch: [ManagedObjectReference], options: VSphereOptions, splitOnNotFound: Bool)
        async -> [ManagedObjectReference: Result<VMProperties.Record, ProviderError>] {
        var records: [ManagedObjectReference: Result<VMProperties.Record, ProviderError>] = [:]
        records.reserveCapacity(batch.count)
        let query = PropertyQuery(source: .objects(batch, traverse: nil), properties: [("VirtualMachine", VMProperties.details)])
        do throws(ProviderError) {
            try await retrieve(query, pageSize: options.pageSize) { object in
                if let record = VMProperties.record(object) {
                    records[object.obj] = .success(record)
                } else {
                    records[object.obj] = .failure(ProviderError(.protocol, "the server sent VM \(object.obj.value) without its name",
                                                                 provider: self.provider))
                }
            }
            return records
        } catch {
            // Some vCenters refuse a whole batch when one VM in it was deleted: ask VM by VM.
            if error.kind == .notFound, splitOnNotFound, batch.count > 1 {
                var merged: [ManagedObjectReference: Result<VMProperties.Record, ProviderError>] = [:]
                for ref in batch {
                    merged.merge(await vmDetailBatch([ref], options: options, splitOnNotFound: false)) { first, _ in first }
                }
                return merged
            }
            if error.kind == .notFound { return [:] }
            return Dictionary(uniqueKeysWithValues: batch.map { ($0, .failure(error)) })
        }
    }

    /// Reads hosts and, through their `parent`, their clusters.
    private func hostPlacement(_ hosts: [ManagedObjectReference], options: VSphereOptions) async throws(ProviderError) -> HostPlacement {
        var placement = HostPlacement()
        guard !hosts.isEmpty else { return placement }
        for start in stride(from: 0, to: hosts.count, by: options.batchSize) {
            let batch = Array(hosts[start..<min(start + options.batchSize, hosts.count)])
            let query = PropertyQuery(source: .objects(batch, traverse: (type: "HostSystem", path: "parent")),
                                      properties: [("HostSystem", HostProperties.host),
                                                   ("ClusterComputeResource", HostProperties.cluster)])
            try await retrieve(query, pageSize: options.pageSize) { object in
                switch object.obj.type {
                case "HostSystem": placement.hosts[object.obj] = HostProperties.host(object)
                case "ClusterComputeResource": placement.clusters[object.obj] = HostProperties.cluster(object)
                default: break
                }
            }
        }
        return placement
    }
}

/// Hosts and clusters by reference, as read in the third pass.
struct HostPlacement: Sendable {
    var hosts: [ManagedObjectReference: HostProperties.Host] = [:]
    var clusters: [ManagedObjectReference: HostProperties.Cluster] = [:]

    func apply(host ref: ManagedObjectReference, to state: inout VMState) {
        guard let host = hosts[ref] else { return }
        state.hostName = host.name
        state.cpuModel = host.cpuModel
        if let parent = host.parent, let cluster = clusters[parent] {
            state.clusterName = cluster.name
            state.evcMode = cluster.evcMode
            state.haEnabled = cluster.haEnabled
        }
    }
}
