// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "LittleMozart",
    products: [
        .library(name: "FileIO", targets: ["FileIO"]),
        .library(name: "SMF", targets: ["SMF"]),
        .library(name: "Music", targets: ["Music"]),
        .library(name: "ModelKit", targets: ["ModelKit"]),
        .library(name: "Representations", targets: ["Representations"]),
        .library(name: "Composer", targets: ["Composer"]),
        .library(name: "Synth", targets: ["Synth"]),
        .executable(name: "compose", targets: ["compose"]),
        .library(name: "Pictures", targets: ["Pictures"]),
        .executable(name: "piano", targets: ["piano"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        // `swift package generate-documentation --target SMF` (DocC); builds only when invoked.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CFluidSynth", pkgConfig: "fluidsynth", providers: [.apt(["libfluidsynth-dev"])]),
        .systemLibrary(name: "CALSA", pkgConfig: "alsa", providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(name: "CSndfile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .target(name: "FileIO"),
        .target(name: "SMF", dependencies: ["FileIO"]),
        .target(name: "Music", dependencies: ["SMF", "FileIO"]),
        .target(name: "ModelKit", dependencies: ["FileIO", "COpenBLAS"]),
        .target(name: "Representations", dependencies: ["Music", "SMF", "ModelKit", "FileIO"]),
        .target(name: "Composer", dependencies: ["Representations", "ModelKit", "Music", "SMF", "FileIO"]),
        .target(name: "Synth", dependencies: ["SMF", "Music", "FileIO", "CFluidSynth", "CSndfile", "CALSA"]),
        .target(name: "Pictures", dependencies: ["Music", "FileIO", "CCairo", "CFFTW"]),
        .testTarget(name: "PicturesTests", dependencies: ["TestSupport", "Pictures", "Music", "SMF", "CCairo"]),
        .executableTarget(name: "compose", dependencies: [
            "FileIO", "SMF", "Music", "ModelKit", "Representations", "Composer", "Synth", "Pictures",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "SMFTests", dependencies: ["TestSupport", 
            "SMF", "Music", "FileIO", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        // Helpers shared by the test targets (paths, temporary folders, SMF byte builders).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "MusicTests", dependencies: ["Music"]),
        .testTarget(name: "ComposerTests", dependencies: ["TestSupport", "Composer", "Representations", "ModelKit", "Music", "SMF", "FileIO"]),
        .testTarget(name: "SynthTests", dependencies: ["TestSupport", "Synth", "SMF", "Music", "FileIO"]),
        .target(name: "Piano", dependencies: ["Synth", "Music", "SMF", "FileIO", "ModelKit", "Representations", "Composer"]),
        .executableTarget(name: "piano", dependencies: [
            "Piano", "Synth", "Music", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "PianoTests", dependencies: ["TestSupport", "Piano", "Music", "SMF", "Synth", "Composer", "Representations", "ModelKit"]),
        .testTarget(name: "ComposeTests", dependencies: ["TestSupport", "compose", "SMF", "Music", "Synth"]),
        // Benchmarks (Scripts/bench.sh); not a test target, so `swift test` does not run them.
        .executableTarget(name: "bench", dependencies: [
            "SMF", "Music", "ModelKit", "Representations", "Composer", "Synth", "Piano", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
