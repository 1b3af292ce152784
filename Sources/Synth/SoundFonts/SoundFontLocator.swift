import Foundation

/// Finds a General MIDI SoundFont (.sf2 or .sf3) to render with.
///
/// Lookup order (the first hit wins):
/// 1. an explicit path, when given: it must exist, otherwise `SynthError.soundFontNotFound` names it
///    (an explicit request never silently falls back to another font);
/// 2. the `SOUNDFONT` environment variable, when set and non-empty: like an explicit path it must
///    name a file, otherwise `SynthError.soundFontVariableNotFound` names the variable and the path;
/// 3. `standardPaths`, in order: Debian's `default-GM.sf2` alternatives link, `FluidR3_GM.sf2`
///    (package fluid-soundfont-gm), `TimGM6mb.sf2` (package timgm6mb-soundfont), `default-GM.sf3`.
///
/// When nothing is found, `SynthError.noSoundFont` lists every place looked and says which apt
/// package to install.
public struct SoundFontLocator: Sendable {
    /// The system-wide locations, in lookup order.
    public static let standardPaths: [String] = [
        "/usr/share/sounds/sf2/default-GM.sf2",
        "/usr/share/sounds/sf2/FluidR3_GM.sf2",
        "/usr/share/sounds/sf2/TimGM6mb.sf2",
        "/usr/share/sounds/sf3/default-GM.sf3",
    ]

    /// The name of the environment variable consulted after an explicit path: `SOUNDFONT`.
    public static let environmentVariable = "SOUNDFONT"

    /// The environment to read `SOUNDFONT` from.
    public var environment: [String: String]
    /// The system-wide candidates, in order (defaults to `standardPaths`).
    public var candidates: [String]

    /// - Parameters:
    ///   - environment: where `SOUNDFONT` is read from; defaults to this process's environment.
    ///   - candidates: system-wide paths to try after the environment; defaults to `standardPaths`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                candidates: [String] = SoundFontLocator.standardPaths) {
        self.environment = environment
        self.candidates = candidates
    }

    /// Returns the path of the SoundFont to use.
    /// - Parameter explicitPath: a path chosen by the user; when non-nil it is the only one tried.
    /// - Throws: `SynthError.soundFontNotFound(path:)` if `explicitPath` is given but is not a
    ///   regular file; `SynthError.soundFontVariableNotFound(variable:path:)` if `SOUNDFONT` is set
    ///   (non-empty) but is not a regular file; `SynthError.noSoundFont(searched:)` if no candidate exists.
    public func locate(explicitPath: String? = nil) throws -> String {
        if let explicitPath {
            guard Self.isRegularFile(explicitPath) else {
                throw SynthError.soundFontNotFound(path: explicitPath)
            }
            return explicitPath
        }
        var searched: [String] = []
        if let env = environment[Self.environmentVariable], !env.isEmpty {
            guard Self.isRegularFile(env) else {
                throw SynthError.soundFontVariableNotFound(variable: Self.environmentVariable, path: env)
            }
            return env
        } else {
            searched.append("$\(Self.environmentVariable) (not set)")
        }
        for path in candidates {
            if Self.isRegularFile(path) { return path }
            searched.append(path)
        }
        throw SynthError.noSoundFont(searched: searched)
    }

    /// True if `path` names an existing regular file (following symbolic links, so Debian's
    /// alternatives links count when their target exists).
    static func isRegularFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
