import ModelKit

/// The ranges of the loops commands' parameters, defined once (the command lines' `validate()`
/// call these checks). Each throws a `ParameterError` named as the parameter.
public enum LoopLimits {
    /// Cells per side of a grid (`size`).
    public static let gridSize: ClosedRange<Int> = 2...16
    /// Loops on an interpolation path, its ends included (`steps`).
    public static let pathSteps: ClosedRange<Int> = 2...100
    /// Loops sampled at once (`count`).
    public static let sampleCount: ClosedRange<Int> = 1...1000

    /// - Throws: `ParameterError` (`size`) outside `gridSize`.
    public static func checkGridSize(_ size: Int) throws(ParameterError) { try ParameterError.check("size", size, in: gridSize) }
    /// - Throws: `ParameterError` (`steps`) outside `pathSteps`.
    public static func checkPathSteps(_ steps: Int) throws(ParameterError) { try ParameterError.check("steps", steps, in: pathSteps) }
    /// - Throws: `ParameterError` (`count`) outside `sampleCount`.
    public static func checkSampleCount(_ count: Int) throws(ParameterError) { try ParameterError.check("count", count, in: sampleCount) }
}
