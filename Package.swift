// swift-tools-version: 6.2
import PackageDescription

/// Every target of ours is compiled in Swift 6 language mode with strict
/// concurrency, and any warning fails the build.
let strict: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "sfreconcile",
    products: [
        .executable(name: "sfreconcile", targets: ["sfreconcile"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
    ],
    targets: [
        // System libraries, found through pkg-config (see README, "Building").
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CMallocTuning"),   // glibc malloc tuning calls the Glibc module lacks (not "CSystem": swift-system has one)
        .systemLibrary(name: "CProcessSpawn"),   // posix_spawn file actions the Glibc module lacks (close inherited descriptors, chdir)

        .target(name: "Spec", dependencies: ["CYAML"], swiftSettings: strict),
        .target(
            name: "Providers",
            dependencies: ["Spec", "CCurl", "CLibXML2", "CMallocTuning", "CProcessSpawn", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "Controller",
            dependencies: [
                "Spec", "Providers", "CGit2",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The controller's HTTP surface (health, readiness, metrics, status, reconcile API, Git
        // webhooks) for `sfreconcile run`, on Hummingbird.
        .target(name: "Server", dependencies: ["Controller", .product(name: "Hummingbird", package: "hummingbird"),
                                             .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")],
                swiftSettings: strict),
        .executableTarget(
            name: "sfreconcile",
            dependencies: [
                "Spec", "Providers", "Controller", "Server",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // Benchmarks/git-source.sh runs it (release build); not part of the product.
        .executableTarget(name: "GitSourceBenchmark", dependencies: ["Controller", "Spec"], path: "Benchmarks/GitSource",
                          swiftSettings: strict),
        // The vSphere observation benchmark's program (Benchmarks/observe-vsphere/bench.py).
        .executableTarget(
            name: "observe-vsphere-bench",
            dependencies: ["Providers", "Spec"],
            path: "Benchmarks/observe-vsphere/Sources",
            swiftSettings: strict
        ),

        // What the test targets share: test peers (vcsim, sshd, the Python fakes, git servers),
        // golden files, running programs, repository paths. A plain target that only tests use.
        .target(name: "TestSupport", dependencies: ["Providers", "CProcessSpawn"], path: "Tests/TestSupport", exclude: ["http_test_server.py", "capture_http_server.py", "smtp_peer.py"], swiftSettings: strict),

        .testTarget(name: "SpecTests", dependencies: ["Spec"], swiftSettings: strict),
        .testTarget(
            name: "ProvidersTests",
            dependencies: ["Providers", "Spec", "TestSupport", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Fakes"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict
        ),
        .testTarget(name: "ControllerTests",
                    dependencies: ["Controller", "Providers", "Spec", "TestSupport",
                                   .product(name: "Prometheus", package: "swift-prometheus"),
                                   .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle")],
                    exclude: ["Fixtures"],
                    swiftSettings: strict),
        .testTarget(name: "ServerTests", dependencies: ["Server", "Controller", "Providers", "TestSupport",
                                                      .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle")],
                    swiftSettings: strict),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["Spec", "Controller", "Providers", "sfreconcile", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
