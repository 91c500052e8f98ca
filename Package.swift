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
    ],
    targets: [
        // System libraries, found through pkg-config (see README, "Building").
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),

        .target(name: "Spec", dependencies: ["CYAML"], swiftSettings: strict),
        .target(
            name: "Providers",
            dependencies: ["Spec", "CCurl", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(name: "Controller", dependencies: ["Spec", "Providers"], swiftSettings: strict),
        .executableTarget(
            name: "sfreconcile",
            dependencies: [
                "Spec", "Providers", "Controller",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),

        .testTarget(name: "SpecTests", dependencies: ["Spec"], swiftSettings: strict),
        .testTarget(
            name: "ProvidersTests",
            dependencies: ["Providers", "Spec", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Fixtures", "Fakes"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["Spec", "Controller", "sfreconcile"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
