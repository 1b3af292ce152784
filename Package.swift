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
        .library(name: "AudioAnalysis", targets: ["AudioAnalysis"]),
        .executable(name: "piano", targets: ["piano"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        // `swift package generate-documentation --target SMF` (DocC); builds only when invoked.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // FluidSynth's header and library are on the default paths; its pkg-config flags (-pthread, glib
        // and SDL include paths) are not needed and SwiftPM would warn about them on every build.
        .systemLibrary(name: "CFluidSynth", providers: [.apt(["libfluidsynth-dev"])]),
        .systemLibrary(name: "CALSA", pkgConfig: "alsa", providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(name: "CSndfile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3f", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CSampleRate", pkgConfig: "samplerate", providers: [.apt(["libsamplerate0-dev"])]),
        // glibc's malloc.h (mallopt), part of libc: no package to install.
        .systemLibrary(name: "CMalloc"),
        // Libraries, bottom to top; each depends on exactly the targets it imports (CI checks it with
        // --explicit-target-dependency-import-check error). ARCHITECTURE.md draws this.
        .target(name: "FileIO"),
        .target(name: "SMF", dependencies: ["FileIO"]),
        .target(name: "Music", dependencies: ["SMF"]),
        .target(name: "ModelKit", dependencies: ["FileIO", "COpenBLAS"]),
        // Audio in, knowing no music: streamed decoding, mono mix and resampling, log-mel frames.
        .target(name: "AudioAnalysis", dependencies: ["CSndfile", "CSampleRate", "CFFTW"]),
        .target(name: "Representations", dependencies: ["Music", "ModelKit", "FileIO"]),
        .target(name: "Composer", dependencies: ["Representations", "ModelKit", "Music", "SMF", "FileIO"]),
        .target(name: "Synth", dependencies: ["SMF", "FileIO", "CFluidSynth", "CSndfile", "CALSA"]),
        .target(name: "Pictures", dependencies: ["Music", "FileIO", "CCairo", "CFFTW"]),
        // Piano Scribe: the acoustic model (log-mel frames to onset, frame, offset and velocity
        // activations) and its training data (FluidSynth renders of MIDI with their labels).
        .target(name: "Transcription", dependencies: ["AudioAnalysis", "ModelKit", "Music", "SMF", "FileIO", "Synth"]),
        // The terminal piano: an internal target of the `piano` executable (and the benchmarks).
        .target(name: "Piano", dependencies: ["Synth", "Composer", "Representations", "ModelKit", "Music", "SMF"]),
        // Executables: argument parsing and messages.
        // What both executables share about their command lines: negative numbers as option
        // values, usage errors on one line with exit status 64.
        .target(name: "CommandLineSupport", dependencies: ["CMalloc", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "compose", dependencies: [
            "FileIO", "SMF", "Music", "ModelKit", "Representations", "Composer", "Synth", "Pictures", "CommandLineSupport",
            "Transcription", "AudioAnalysis",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "piano", dependencies: [
            "Piano", "Synth", "Music", "CommandLineSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Benchmarks (Scripts/bench.sh); not a test target, so `swift test` does not run them.
        .executableTarget(name: "bench", dependencies: [
            "FileIO", "SMF", "Music", "ModelKit", "Representations", "Composer", "Synth", "Piano", "AudioAnalysis", "Transcription",
            "CommandLineSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The large-file read row, in a process that links only SMF and Music.
        .executableTarget(name: "bench-read", dependencies: ["SMF", "Music"]),
        // Tests: helpers shared by the test targets (paths, temporary folders, SMF byte builders),
        // then one test target per module, each declaring what it imports.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "FileIOTests", dependencies: ["TestSupport", "FileIO"]),
        .testTarget(name: "SMFTests", dependencies: [
            "TestSupport", "SMF", "FileIO", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "MusicTests", dependencies: [
            "TestSupport", "Music", "SMF", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "ModelKitTests", dependencies: ["ModelKit", "FileIO"]),
        .testTarget(name: "ComposerTests", dependencies: ["TestSupport", "Composer", "Representations", "ModelKit", "Music", "SMF"]),
        .testTarget(name: "SynthTests", dependencies: ["TestSupport", "Synth", "SMF"]),
        .testTarget(name: "AudioAnalysisTests", dependencies: ["TestSupport", "AudioAnalysis", "CSndfile"]),
        .testTarget(name: "TranscriptionTests", dependencies: ["TestSupport", "Transcription", "AudioAnalysis", "ModelKit", "Music", "SMF", "Synth", "Composer"]),
        .testTarget(name: "PicturesTests", dependencies: ["TestSupport", "Pictures", "Music", "SMF", "CCairo"]),
        .testTarget(name: "PianoTests", dependencies: ["TestSupport", "Piano", "Composer", "Representations", "ModelKit", "Music", "SMF", "Synth"]),
        .testTarget(name: "ComposeTests", dependencies: [
            "TestSupport", "compose", "FileIO", "SMF", "Music", "Synth", "Pictures", "CommandLineSupport", "Transcription",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
