import ArgumentParser

/// `bench`: LittleMozart's performance measurements, one subcommand per row of the table in
/// docs/performance.md. Each prints one JSON line of figures; `Scripts/bench.sh` runs them next
/// to the peers (symusic, mido, pretty_midi, the fluidsynth CLI) and prints the table.
/// Build it in release mode (`swift build -c release --product bench`); it is not part of `swift test`.
@main
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure LittleMozart's speed (one JSON line per run; see Scripts/bench.sh).",
        subcommands: [ReadBench.self, WriteBench.self, MakeLargeFile.self,
                      MarkovBench.self, LSTMBench.self, PianoLatencyBench.self,
                      Fingerprint.self, ScoreFingerprint.self, AudioFeaturesBench.self, TranscribeBench.self, ConvBench.self, SATBGrid.self]
    )
}
