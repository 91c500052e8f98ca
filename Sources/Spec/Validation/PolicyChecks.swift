/// Maintenance windows that can open, and alert sinks with distinct names.
enum PolicyChecks {
    static func run(_ spec: Spec, _ report: inout ValidationReport) {
        for (index, window) in spec.policy.maintenanceWindows.enumerated() {
            let path = SpecPath("policy").appending("maintenanceWindows").appending(index: index)
            if window.days.isEmpty {
                report.error(.maintenanceWindow, path.appending("days"), "the window names no day, so it never opens",
                             hint: "list days, e.g. [sat, sun]")
            }
            if window.from == window.to {
                report.error(.maintenanceWindow, path.appending("to"), "the window opens and closes at \(window.from), so it never lasts",
                             hint: "for a whole day write from: \"00:00\", to: \"24:00\"")
            }
        }
        var sinkNames: [String: Int] = [:]
        for (index, sink) in spec.alerts.enumerated() {
            if let first = sinkNames[sink.name] {
                report.error(.duplicateDefinition, SpecPath("alerts").appending(index: index).appending("name"),
                             "alert sink \"\(sink.name)\" is defined twice (first as alerts[\(first)])",
                             hint: "give each sink its own name")
            } else {
                sinkNames[sink.name] = index
            }
        }
    }
}
