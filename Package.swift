// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "LittleMozart",
    products: [
        .library(name: "SMF", targets: ["SMF"]),
        .library(name: "Music", targets: ["Music"]),
        .library(name: "Composer", targets: ["Composer"]),
        .library(name: "Synth", targets: ["Synth"]),
        .executable(name: "compose", targets: ["compose"]),
        .library(name: "Piano", targets: ["Piano"]),
        .executable(name: "piano", targets: ["piano"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(name: "CFluidSynth", pkgConfig: "fluidsynth", providers: [.apt(["libfluidsynth-dev"])]),
        .systemLibrary(name: "CALSA", pkgConfig: "alsa", providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(name: "CSndfile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .target(name: "SMF"),
        .target(name: "Music", dependencies: ["SMF"]),
        .target(name: "Composer", dependencies: ["Music", "COpenBLAS"]),
        .target(name: "Synth", dependencies: ["SMF", "Music", "CFluidSynth", "CSndfile"]),
        .executableTarget(name: "compose", dependencies: [
            "SMF", "Music", "Composer", "Synth",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "SMFTests", dependencies: [
            "SMF", "Music", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "MusicTests", dependencies: ["Music"]),
        .testTarget(name: "ComposerTests", dependencies: ["Composer"]),
        .testTarget(name: "SynthTests", dependencies: ["Synth"]),
        .target(name: "Piano", dependencies: ["Synth", "Music", "SMF", "CALSA"]),
        .executableTarget(name: "piano", dependencies: [
            "Piano", "Synth", "Music", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "PianoTests", dependencies: ["Piano", "Music", "SMF", "Synth"]),
        .testTarget(name: "ComposeTests", dependencies: ["compose"]),
        // Benchmarks (Scripts/bench.sh); not a test target, so `swift test` does not run them.
        .executableTarget(name: "bench", dependencies: [
            "SMF", "Music", "Composer", "Synth", "Piano", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
