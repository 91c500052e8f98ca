// Measures the Git source on a real repository: a clone into an empty cache, reading the
// spec at HEAD (files only, and files loaded and validated), and polls that find no new
// commit. Run by Benchmarks/git-source.sh with the release build; prints one line per
// measurement: name, median, minimum, maximum in milliseconds, and the sample count.
import Controller
import Foundation
import Spec

struct Arguments {
    var url = ""
    var local = ""
    var path = "specs"
    var ref = "main"
    var cache = ""
    var polls = 50
    var reads = 5

    init() {
        var iterator = CommandLine.arguments.dropFirst().makeIterator()
        while let key = iterator.next() {
            let value = iterator.next() ?? ""
            switch key {
            case "--url": url = value
            case "--local": local = value
            case "--path": path = value
            case "--ref": ref = value
            case "--cache": cache = value
            case "--polls": polls = Int(value) ?? polls
            case "--reads": reads = Int(value) ?? reads
            default: fatalError("unknown option \(key)")
            }
        }
        precondition(!url.isEmpty && !local.isEmpty && !cache.isEmpty, "--url, --local and --cache are required")
    }
}

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

func report(_ name: String, _ samples: [Double]) {
    let sorted = samples.sorted()
    let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    let padded = name.padding(toLength: 38, withPad: " ", startingAt: 0)
    print(padded + String(format: " median %9.2f ms  min %9.2f  max %9.2f  n=%d", median, sorted.first!, sorted.last!, sorted.count))
}

func measure<T>(isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T) async rethrows -> (T, Double) {
    let clock = ContinuousClock()
    let start = clock.now
    let value = try await body()
    return (value, milliseconds(clock.now - start))
}

@main
enum GitSourceBenchmark {
    static func main() async throws {
        let arguments = Arguments()
        let ref = try GitReference(parsing: arguments.ref)
        try? FileManager.default.removeItem(atPath: arguments.cache)
        let remote = GitSourceConfiguration(location: try GitSourceLocation(parsing: arguments.url), ref: ref,
                                            path: arguments.path, cacheDirectory: arguments.cache)

        // 1. Clone into an empty cache, read and load (once: it is the cold start).
        let (cold, coldTime) = try await measure { try await SpecSourceReader().read(.git(remote)) }
        precondition(cold.result.isValid, "the benchmark spec must be valid")
        report("clone + read + load (cold cache)", [coldTime])
        print("  \(cold.result.files.count) files, \(cold.result.spec.instances.count) instances at \(cold.revision!)")

        // 2. Read the spec at HEAD from a repository with the full history, in place.
        var filesOnly: [Double] = [], loaded: [Double] = [], remoteRead: [Double] = []
        for _ in 0..<arguments.reads {
            let cache = GitRepositoryCache(location: .localPath(arguments.local), cacheDirectory: arguments.cache)
            let (read, time) = try await measure { try await cache.read(ref, path: arguments.path) }
            precondition(read.files?.count == cold.result.files.count)
            filesOnly.append(time)
            let local = GitSourceConfiguration(location: .localPath(arguments.local), ref: ref, path: arguments.path,
                                               cacheDirectory: arguments.cache)
            loaded.append(try await measure { try await SpecSourceReader().read(.git(local)) }.1)
            let fromMirror = GitRepositoryCache(configuration: remote)
            remoteRead.append(try await measure { try await fromMirror.read(ref, path: arguments.path) }.1)
        }
        report("read files at HEAD (local repo)", filesOnly)
        report("read + load + validate (local repo)", loaded)
        report("ls-remote + read files (warm mirror)", remoteRead)

        // 3. Polls that find no new commit.
        let source = GitSource(configuration: remote)
        let first = await source.poll()
        precondition(first.isReady, "first poll: \(first.conditions)")
        var polls: [Double] = []
        for _ in 0..<arguments.polls {
            let (status, time) = await measure { await source.poll() }
            precondition(status.lastOutcome == .unchanged)
            polls.append(time)
        }
        report("poll, no new commit", polls)
        let status = await source.status
        print("  polls \(status.polls), loads \(status.loads)")
    }
}
