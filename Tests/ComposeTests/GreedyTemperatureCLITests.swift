import Foundation
import TestSupport
import Testing

/// `--temperature 0` is greedy (the likeliest choice every time) in every sampling command: two
/// seeds give the same music.
extension ComposeCLITests {
    @Test(.enabled(if: binaryExists, "compose binary not built next to the tests"),
          arguments: [["melody", "--bars", "16"], ["melody", "--model", "rnn", "--bars", "4"], ["drums", "--bars", "2"],
                      ["drums", "--model", "markov", "--bars", "2"], ["continue", jig.path, "--bars", "2"]])
    func temperatureZeroIsGreedy(command: [String]) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var outputs: [Data] = []
        for seed in ["1", "2"] {
            let out = dir.appendingPathComponent("\(seed).mid").path
            let r = try run(command + ["--temperature", "0", "--seed", seed, "--out", out])
            try #require(r.status == 0, "\(command): \(r.stderr)")
            outputs.append(try Data(contentsOf: URL(fileURLWithPath: out)))
        }
        #expect(outputs[0] == outputs[1], "\(command): seeds 1 and 2 differ at --temperature 0")
        let negative = try run(command + ["--temperature", "-0.5", "--out", dir.appendingPathComponent("n.mid").path])
        #expect(negative.status == 64 && negative.stderr.contains("-0.5"), "\(negative.stderr)")
    }
}
