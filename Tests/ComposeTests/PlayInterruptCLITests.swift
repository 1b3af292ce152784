import TestSupport
import Foundation
import Testing

/// `compose play --audio-file` stopped by a signal: exits 130 (Ctrl-C) or 143 (SIGTERM) with one
/// line naming the file that holds what played (it exited 0 after "Stopped.").
extension BatchSignalCLITests {
    @Test(.enabled(if: RenderCLITests.ready, "needs the compose binary and a SoundFont (apt-get install timgm6mb-soundfont)"))
    func playStoppedBySignalExitsWithItsStatusAndKeepsWhatPlayed() throws {
        let (root, input, _) = try makeCorpus(count: 1, notes: 200)
        defer { try? FileManager.default.removeItem(at: root) }
        let midi = input.appendingPathComponent("f00.mid").path
        for (sig, status, word) in [(SIGINT, Int32(130), "stopped"), (SIGTERM, Int32(143), "stopped by SIGTERM")] {
            let wav = root.appendingPathComponent("played-\(sig).wav").path
            let child = try Child(["play", midi, "--audio-file", wav, "--soundfont", RenderCLITests.soundFont!], in: root)
            // The file driver writes in real time: stop it once some audio is there (the file is
            // binary, so its size is watched, not its text).
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline, ((try? FileManager.default.attributesOfItem(atPath: wav)[.size] as? Int) ?? 0) < 44_100 {
                Thread.sleep(forTimeInterval: 0.05)
            }
            Thread.sleep(forTimeInterval: 0.5)
            child.signal(sig)
            let result = child.wait()
            #expect(result.status == status && !result.bySignal, "\(sig): \(result.status) \(result.bySignal) out: \(result.stdout) err: \(result.stderr)")
            #expect(result.stderr == "Error: \(midi): \(word); \(wav) holds what played until then\n", "\(result.stderr)")
            let size = (try? FileManager.default.attributesOfItem(atPath: wav)[.size] as? Int) ?? 0
            #expect(size > 44, "\(wav): \(size) bytes")
        }
    }
}
