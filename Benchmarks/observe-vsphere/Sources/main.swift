// observe-vsphere-bench: the vSphere provider's observation as a process of its own, for
// the benchmark against pyVmomi (Benchmarks/observe-vsphere/bench.py). It does what
// `sfreconcile observe` does for a vsphere provider — log in, observe the named VMs, write
// the estate JSON, log out — without loading a spec, so the two programs do the same work.
//
//   observe-vsphere-bench URL NAMES-FILE OUT-FILE     (password in $VC_PASSWORD)
//
// $BENCH_BATCH and $BENCH_CONCURRENCY override VSphereOptions' batch size and concurrent
// requests, for tuning.
import Foundation
import Providers
import Spec

MemoryTuning.apply()   // as sfreconcile does
let arguments = CommandLine.arguments
guard arguments.count == 4, let url = EndpointURL(parsing: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: observe-vsphere-bench URL NAMES-FILE OUT-FILE\n".utf8))
    exit(2)
}
let names = try String(contentsOfFile: arguments[2], encoding: .utf8).split(separator: "\n").map(String.init)

var settings = VSphereSettings()
settings.endpoint.url = url
settings.endpoint.username = .text("bench")
settings.endpoint.password = .environment("VC_PASSWORD")
settings.endpoint.tls.insecureSkipVerify = url.scheme == "https"   // vcsim's certificate; plain http in the benchmark

let observedAt = Date()
var options = VSphereOptions()
let environment = ProcessInfo.processInfo.environment
if let batch = environment["BENCH_BATCH"].flatMap({ Int($0) }) { options.batchSize = batch }
if let concurrency = environment["BENCH_CONCURRENCY"].flatMap({ Int($0) }) { options.maxConcurrentRequests = concurrency }
let provider = VSphereProvider(name: "vc", settings: settings, options: options)
let clock = ContinuousClock()
let started = clock.now
let observations = await provider.observe(names.map { ResourceRef.vm($0, on: "vc") })
await provider.close()
let elapsed = clock.now - started
let status = ProviderStatus.derive(type: .vsphere, observations: Array(observations.values), warnings: provider.warnings,
                                   durationMS: elapsed.wholeMilliseconds)
let estate = ObservedEstate(observedAt: observedAt, generator: "observe-vsphere-bench", providers: ["vc": status],
                            resources: observations)
try ObservedJSON.write(estate, toFile: arguments[3])
let present = observations.values.filter { $0.state != nil }.count
FileHandle.standardError.write(Data("observed \(observations.count) VMs, \(present) present, in \(elapsed)\n".utf8))
