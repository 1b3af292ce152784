import ArgumentParser
import Composer

/// The help texts and default temperature of a command's sampling options.
protocol SamplingStyle {
    /// What the seed decides, e.g. "Random seed (same seed, same melody)."
    static var seedHelp: String { get }
    static var temperatureHelp: String { get }
    static var defaultTemperature: Double { get }
    static var topPHelp: String { get }
}

/// --seed, --temperature and --top-p of the commands that sample a model (melody, continue,
/// drums); `Style` gives each command its help texts. The ranges are the library's
/// (`CompositionLimits`); --top-p is nil when not given, for the caller's default.
struct SamplingOptions<Style: SamplingStyle>: ParsableArguments {
    @Option(help: ArgumentHelp(Style.seedHelp))
    var seed: UInt64 = 1

    @Option(name: .customLong("temperature"), help: ArgumentHelp(Style.temperatureHelp))
    var givenTemperature: Double?

    /// --temperature, or the command's default (`Style.defaultTemperature`).
    var temperature: Double { givenTemperature ?? Style.defaultTemperature }

    @Option(name: .customLong("top-p"), help: ArgumentHelp(Style.topPHelp))
    var topP: Double?

    func validate() throws {
        try validating {
            if let givenTemperature { try CompositionLimits.checkTemperature(givenTemperature) }
            if let topP { try CompositionLimits.checkTopP(topP) }
        }
    }
}

/// compose melody.
enum MelodySampling: SamplingStyle {
    static let seedHelp = "Random seed (same seed, same melody)."
    static let temperatureHelp = "Sampling temperature: below 1 is safer, above 1 more adventurous; 0 always takes the likeliest note (greedy: every seed gives the same melody). (default: 1.0)"
    static let defaultTemperature = 1.0
    static let topPHelp = "Nucleus sampling: keep the most likely events up to this probability mass (1 = off; default 0.9 for markov, 1 for rnn)."
}

/// compose continue.
enum ContinueSampling: SamplingStyle {
    static let seedHelp = "Random seed (same seed, same answer)."
    static let temperatureHelp = MelodySampling.temperatureHelp
    static let defaultTemperature = 1.0
    static let topPHelp = "Nucleus sampling mass (default 0.9 for markov, 1 for rnn)."
}

/// compose drums (--top-p 1 when not given; its help shows that default as ArgumentParser would).
enum DrumSampling: SamplingStyle {
    static let seedHelp = "Random seed (same seed, same groove)."
    static let temperatureHelp = "Sampling temperature: below 1 keeps closer to the likeliest grooves, above 1 varies more; 0 always takes the likeliest step (greedy) (default: 0.8 for rnn, 0.7 for markov: see docs/drums.md)."
    /// Not used: each drum model has its own default (`DrumStepModel.defaultTemperature`).
    static let defaultTemperature = 1.0
    static let topPHelp = "Nucleus sampling: keep the likeliest step sets up to this probability mass (1 = off). (default: 1.0)"
}
