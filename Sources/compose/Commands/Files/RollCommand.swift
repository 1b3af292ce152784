import ArgumentParser
import Foundation
import Music
import Pictures
import SMF

struct RollCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roll",
        abstract: "Draw a MIDI file as a piano-roll picture (SVG or PNG).",
        discussion: """
        Pitch rows with note names on a keyboard axis, bar and beat grid with bar numbers, one colour \
        per track/channel (legend with GM instrument names), velocity as opacity, channel 10 drums in \
        named lanes (GM Level 1 percussion map), tempo (red) and key/time signature (blue) changes \
        marked on top. The file is read leniently, as inspect does (--strict refuses a damaged one).
        """
    )

    @Argument(help: "The Standard MIDI File to draw.")
    var file: String

    @Option(help: "Where to write the picture: a .svg or .png file.")
    var out: String

    @Option(help: "Bars to draw, 1-based and inclusive: A-B, or A for one bar (default: all).")
    var bars: BarRangeArgument?

    @Option(help: "Picture width in pixels (240-20000).")
    var width: Int = 1200

    @OptionGroup var reading: ReadingOptions

    func validate() throws {
        guard (PianoRollLayout.minimumWidth...20000).contains(width) else {
            throw ValidationError("--width must be \(PianoRollLayout.minimumWidth)...20000 pixels, got \(width)")
        }
        _ = try PictureFormat.validated(path: out)
    }

    func run() throws {
        try refuseOverwritingInput(out: out, inputs: [("the input file", file)])
        let score = Score(file: try readMIDIFile(file, strict: reading.strict))
        let layout = try PianoRollLayout(score: score, options: .init(
            width: width, bars: bars?.range, title: (file as NSString).lastPathComponent))
        try PianoRollPicture.write(layout, to: out)
        let grid = BarGrid(score: score)
        let first = grid.bar(containing: layout.firstTick).number, last = grid.bar(containing: layout.endTick - 1).number
        print("\(out): \(layout.width)x\(layout.height) px, bars \(first)-\(last), \(counted(layout.notes.count, "note")), \(counted(layout.voices.count, "voice"))")
    }
}

/// "A-B" or "A": a 1-based inclusive bar range.
struct BarRangeArgument: ExpressibleByArgument {
    var range: ClosedRange<Int>
    init?(argument: String) {
        let parts = argument.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(parts.count), let a = parts.first ?? nil, let b = parts.last ?? nil, a >= 1, b >= a else { return nil }
        range = a...b
    }
}
