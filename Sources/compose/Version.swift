/// The one place the version of LittleMozart's tools is written (`compose --version`, `compose doctor`).
enum LittleMozart {
    static let version = "0.2.0"
}
