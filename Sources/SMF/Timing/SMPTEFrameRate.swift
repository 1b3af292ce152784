/// The frame rates of SMPTE time, in the `MThd` division word (`Division.smpte`) and in the SMPTE
/// offset meta event (SMF 1.0 spec, "Header Chunks" and "Meta-Events"). The code 29 means 29.97
/// drop-frame video: exactly 30000 frames every 1001 seconds (29.97002997... per second). The
/// codes 24, 25 and 30 mean themselves.
///
/// This is the one place that says so: every tick <-> seconds conversion (the reader's huge-delta
/// check, `convert`'s rescaling, Music's `TempoMap`, Synth's player) goes through it.
public enum SMPTEFrameRate {
    /// The code of 29.97 drop-frame in the division word.
    static let dropFrameCode: UInt8 = 29
    /// 29.97 drop-frame exactly: 30000 frames every 1001 seconds.
    public static let dropFrame = (frames: 30000, seconds: 1001)

    /// The exact rate of code `fps` as whole frames per whole seconds: (30000, 1001) for 29,
    /// (fps, 1) otherwise.
    static func rate(code fps: UInt8) -> (frames: Int, seconds: Int) {
        fps == dropFrameCode ? dropFrame : (Int(fps), 1)
    }

    /// Frames per second of code `fps`: 30000/1001 for 29, `fps` otherwise.
    public static func framesPerSecond(code fps: UInt8) -> Double {
        let r = rate(code: fps)
        return Double(r.frames) / Double(r.seconds)
    }

    /// The rate as people write it: "29.97" for 29, "25" for 25.
    public static func label(code fps: UInt8) -> String {
        fps == dropFrameCode ? "29.97" : String(fps)
    }
}

extension Division {
    var isSMPTE: Bool { if case .smpte = self { true } else { false } }
}
