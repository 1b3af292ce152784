import TestSupport
import Foundation

/// The package root and the shared corpus (TestSupport).
let packageRoot = TestPaths.packageRoot
let corpusRoot = TestPaths.corpusRoot

/// All `.mid` files (any case) under `corpusRoot/<folder>`, sorted.
func corpusFiles(in folders: [String]) -> [URL] { TestPaths.midiFiles(in: folders) }
