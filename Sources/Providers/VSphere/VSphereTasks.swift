extension VSphereClient {
    /// Waits for a vCenter task to end, polling `info.state` with growing pauses (first
    /// `pollInterval`, at most 2 s).
    /// - Returns: `info.result`, if the task has one.
    /// - Throws: the task's fault as a `ProviderError`, or `.timeout` when it is still
    ///   running after `timeout` (its outcome is then unknown).
    @discardableResult
    func waitForTask(_ task: ManagedObjectReference, doing what: String, timeout: Duration,
                     pollInterval: Duration) async throws(ProviderError) -> XMLTreeElement? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        var pause = pollInterval
        while true {
            var info: ObjectContent?
            try await retrieve(PropertyQuery(source: .objects([task], traverse: nil),
                                             properties: [("Task", ["info.state", "info.error", "info.result"])]),
                               pageSize: 10) { info = $0 }
            guard let info, let state = info["info.state"]?.text else {
                throw ProviderError(.protocol, "task \(task.value) (\(what)) has no state", provider: provider)
            }
            switch state {
            case "success":
                return info["info.result"]
            case "error":
                throw taskError(info["info.error"], task: task, doing: what)
            case "queued", "running":
                break
            default:
                throw ProviderError(.protocol, "task \(task.value) (\(what)) is in the unknown state \(state)", provider: provider)
            }
            if clock.now.advanced(by: pause) > deadline {
                throw ProviderError(.timeout, "task \(task.value) (\(what)) was still \(state) after \(timeout)",
                                    advice: "check the task in the vSphere client; whether the change happened is unknown until the next observation",
                                    provider: provider)
            }
            do {
                try await Task.sleep(for: pause)
            } catch {
                throw ProviderError(.cancelled, "cancelled while waiting for task \(task.value) (\(what))", provider: provider)
            }
            pause = min(pause * 2, .seconds(2))
        }
    }

    /// A task's `LocalizedMethodFault` as a typed error.
    private func taskError(_ error: XMLTreeElement?, task: ManagedObjectReference, doing what: String) -> ProviderError {
        let fault = error?["fault"]
        let message = error?.text("localizedMessage") ?? ""
        let soapFault = SOAPFault(code: "TaskError", message: message.isEmpty ? "task \(task.value) (\(what)) failed" : message,
                                  type: fault?.schemaType, detail: fault)
        var mapped = VSphereFaults.error(soapFault, provider: provider)
        mapped.message = "\(what) failed: " + mapped.message
        return mapped
    }

    /// Calls a `…_Task` method and returns the task it started.
    func startTask(_ method: String, on target: ManagedObjectReference,
                   _ arguments: @escaping (inout XMLWriter) -> Void) async throws(ProviderError) -> ManagedObjectReference {
        let response = try await invoke(idempotent: false) { _, writer in
            writer.element(method, attributes: ["xmlns": XMLNamespace.vim25]) { writer in
                target.write("_this", to: &writer)
                arguments(&writer)
            }
        }
        guard let task = ManagedObjectReference(response["returnval"]) else {
            throw ProviderError(.protocol, "\(method) answered without a task", provider: provider)
        }
        return task
    }
}
