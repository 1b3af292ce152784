import FileIO
import ArgumentParser
import AudioAnalysis
import Composer
import ModelKit
import Representations
import Foundation
import Music
import Pictures
import SMF
import Synth
import Transcription

/// The exit status of `compose`, by kind of failure. The numbers are the BSD sysexits.h codes
/// (`man sysexits`), which ArgumentParser already uses for usage errors (64).
enum ExitStatus: Int32, CaseIterable, Sendable {
    /// Everything worked.
    case success = 0
    /// EX_USAGE: a bad option or argument (ArgumentParser's validation errors exit with this too).
    case usage = 64
    /// EX_DATAERR: an input file is not valid (not a MIDI file, a broken SMF under --strict, a bad model or SoundFont).
    case dataError = 65
    /// EX_NOINPUT: an input file or folder does not exist or cannot be read, or a pattern matches nothing.
    case noInput = 66
    /// EX_UNAVAILABLE: something the command needs is missing: no SoundFont installed, no audio device.
    case unavailable = 69
    /// EX_SOFTWARE: an internal error (a converted file that does not read back with the same notes,
    /// a file that crashed compose in two batch runs).
    case software = 70
    /// EX_CANTCREAT: an output file or folder cannot be created or written.
    case cannotCreate = 73
    /// 128 + SIGINT: a batch stopped by Ctrl-C after finishing the files in progress.
    case interrupted = 130
    /// 128 + SIGTERM: a batch stopped by SIGTERM (`timeout`, Slurm, Kubernetes) after finishing the
    /// files in progress.
    case terminated = 143

    /// What the status means, for the table in docs/exit-codes.md and `--help`.
    var meaning: String {
        switch self {
        case .success: return "success (in a batch: every selected file done or skipped)"
        case .usage: return "usage error: unknown option, bad value, conflicting arguments"
        case .dataError: return "bad input: not MIDI, damaged under --strict, a bad model or SoundFont"
        case .noInput: return "missing input: no such file or folder, unreadable, no pattern match"
        case .unavailable: return "a required service is missing: no SoundFont, no audio device"
        case .software: return "internal error: bad conversion read-back, a file that crashed compose twice"
        case .cannotCreate: return "cannot write output: folder missing or read-only, disk full"
        case .interrupted: return "interrupted by Ctrl-C (a batch first finishes the files in progress)"
        case .terminated: return "stopped by SIGTERM (a batch first finishes the files in progress)"
        }
    }

    /// The exit status table for `compose --help`.
    static var helpText: String {
        "Exit status:\n" + allCases.map { String(format: "  %3d  ", $0.rawValue) + $0.meaning }.joined(separator: "\n")
    }

    /// The status for an error thrown by a command (not ArgumentParser's own errors).
    static func of(_ error: Error) -> ExitStatus {
        switch error {
        case let e as FileFailure: return of(e.underlying)
        case let e as StatusError: return e.status
        case is ValidationError: return .usage
        case is SMFError: return .dataError
        case is MeterError: return .usage
        case let e as FileIOError:
            return e.operation == .write ? .cannotCreate : .noInput
        case let e as ModelFileError:
            if case .notFound = e.problem { return .noInput }
            return .dataError
        case let e as SynthError:
            switch e {
            case .soundFontNotFound, .soundFontVariableNotFound: return .noInput
            case .noSoundFont, .synthCreationFailed: return .unavailable
            case .soundFontLoadFailed, .notASoundFont, .invalidDivision, .wavReadFailed, .tooLong: return .dataError
            case .settingRejected, .optionOutOfRange: return .usage
            case .wavWriteFailed, .outputTooLarge: return .cannotCreate
            }
        case let e as LiveAudioError:
            switch e {
            case .alsaDeviceUnavailable: return .unavailable
            case .audioFileFailed: return .cannotCreate
            case .settingOutOfRange: return .usage
            case .settingsUnavailable: return .unavailable
            }
        case let e as ComposerError:
            switch e {
            // The statuses of the String cases these replace (invalidArgument was usage).
            case .primerTooLong, .primerFillsGroove, .primerMeterMismatch, .emptyPhrase, .buttonCountMismatch,
                 .noTrainingExamples, .unknownStyle: return .usage
            // A file with no melody to work on is bad input, as for a --primer-file with none (65).
            case .noTrainingData, .noMelody: return .dataError
            }
        case is ParameterError, is PrimerError, is DrumPrimerError: return .usage
        case let e as ModelFileError:
            if case .notFound = e.problem { return .noInput }
            return .dataError
        case let e as CorpusError:
            switch e {
            case .notAFolder, .empty: return .noInput
            case .malformedSplitTable: return .dataError
            case .noSplitTable: return .dataError
            }
        case let e as PictureError:
            switch e {
            case .barRange, .tooNarrow, .unsupportedFormat: return .usage
            case .cairo: return .cannotCreate
            case .emptyAudio: return .dataError
            }
        case let e as AudioAnalysisError:
            switch e {
            // A file that exists but libsndfile cannot read or decode is bad data (missing files are
            // checked before they are opened).
            case .cannotOpen, .unsupported, .readFailed, .resamplingFailed: return .dataError
            case .settingOutOfRange: return .usage
            }
        case let e as TranscriberError:
            switch e {
            case .settingOutOfRange: return .usage
            case .activationShape: return .dataError
            }
        case is TranscriptionError: return .dataError
        case is DecodingError: return .dataError
        case let e as CocoaError:
            switch e.code {
            case .fileNoSuchFile, .fileReadNoSuchFile, .fileReadNoPermission, .fileReadInvalidFileName: return .noInput
            case .fileReadCorruptFile, .fileReadInapplicableStringEncoding, .fileReadUnknownStringEncoding: return .dataError
            case .fileWriteNoPermission, .fileWriteOutOfSpace, .fileWriteVolumeReadOnly, .fileWriteFileExists,
                 .fileWriteInvalidFileName, .fileWriteUnknown, .fileWriteInapplicableStringEncoding: return .cannotCreate
            default: return .software
            }
        case let e as POSIXError:
            switch e.code {
            case .ENOENT, .EACCES, .ENOTDIR: return .noInput
            case .ENOSPC, .EROFS, .EEXIST: return .cannotCreate
            default: return .software
            }
        default: return .software
        }
    }

    /// The one-line message for `error`: its description with line breaks folded, so that every
    /// failure is one line on stderr (lists become "a, b, c").
    static func message(for error: Error) -> String {
        if let hinted = OptionHints.message(for: error) { return oneLine(hinted) }
        let text: String
        switch error {
        case let e as CocoaError: text = e.localizedDescription   // its description is a debug dump
        case let e as CustomStringConvertible: text = e.description
        default: text = error.localizedDescription
        }
        return oneLine(text)
    }

    /// Folds a multi-line message onto one line: lines are trimmed; the items of a list ("- x")
    /// are joined with ", "; a line that starts a new sentence is joined with "; " unless the line
    /// before already ends in ".", ":" or ";".
    static func oneLine(_ text: String) -> String {
        var out = ""
        var previousWasItem = false
        for raw in text.split(separator: "\n") {
            var line = raw.trimmingCharacters(in: .whitespaces)
            let isItem = line.hasPrefix("- ")
            if isItem { line.removeFirst(2) }
            if out.isEmpty {
                out = line
            } else if isItem && previousWasItem {
                out += ", " + line
            } else {
                if !isItem && !(out.hasSuffix(".") || out.hasSuffix(":") || out.hasSuffix(";")) { out += ";" }
                out += " " + line
            }
            previousWasItem = isItem
        }
        return out
    }
}

extension PictureFormat {
    /// The format of the picture file `path` for an option's `validate()`: an unsupported extension
    /// is a `ValidationError` (usage, 64) with `PictureError.unsupportedFormat`'s message, since
    /// ArgumentParser exits 1 for any other error thrown while validating.
    static func validated(path: String) throws -> PictureFormat {
        do {
            return try PictureFormat(path: path)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// An error with an explicit exit status and a one-line message (for failures that have no
/// library error type, e.g. "no MIDI files under DIR").
struct StatusError: Error, CustomStringConvertible, Sendable {
    var status: ExitStatus
    var description: String
    init(_ status: ExitStatus, _ description: String) {
        self.status = status
        self.description = description
    }
}

extension StatusError {
    /// `error` with `context` (an option and/or a path) put before its message, keeping the exit
    /// status the error itself has (a missing file stays 66, a damaged one 65).
    init(_ context: String, _ error: Error) {
        let message = ExitStatus.message(for: error)
        self.init(ExitStatus.of(error), message.hasPrefix(context) ? message : "\(context): \(message)")
    }
}

/// An error that happened while working on one input file; `description` names the file first
/// unless the underlying message already does.
struct FileFailure: Error, CustomStringConvertible {
    var path: String
    var underlying: Error

    var description: String {
        let message = ExitStatus.message(for: underlying)
        // Library errors name files by the URL they were given, which may be the absolute form of `path`.
        let named = message.contains(path) || message.contains(URL(fileURLWithPath: path).standardizedFileURL.path)
        return named ? message : "\(path): \(message)"
    }

    /// Runs `body`, wrapping anything it throws (but ArgumentParser's own errors) so the message names `path`.
    static func naming<T>(_ path: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ValidationError {
            throw error
        } catch let error as ExitCode {
            throw error
        } catch let error as FileFailure {
            throw error
        } catch {
            throw FileFailure(path: path, underlying: error)
        }
    }
}
