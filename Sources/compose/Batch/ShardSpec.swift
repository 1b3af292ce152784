import ArgumentParser

/// `--shard I/N`: this run takes the inputs of shard I of N (I counts from 1, as a Slurm job array
/// `--array=1-N` numbers its tasks: `--shard $SLURM_ARRAY_TASK_ID/N`).
///
/// An input belongs to shard `fnv1a64(relativePath) % N + 1`, where `relativePath` is its path
/// relative to the folder or pattern it was found under (`BatchInput.relativePath`) and FNV-1a is
/// the 64-bit Fowler-Noll-Vo hash of its UTF-8 bytes. Every file's shard depends on its own name
/// only, not on the other files or their order, so tasks that list the corpus at different times,
/// from different mount points, or after files were added still agree on who does what: the N
/// shards are disjoint and together hold every input. The price is balance: shard sizes vary
/// like a binomial draw (about sqrt(files/N) around files/N), which is negligible for corpora of
/// thousands of files. (Sorted index modulo N would balance exactly but moves most files to
/// another shard when one file is added or removed.)
struct ShardSpec: Sendable, Hashable, CustomStringConvertible {
    /// 1-based shard number, 1...count.
    var index: Int
    var count: Int

    init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    init?(argument: String) {
        let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else { return nil }
        self.init(index: i, count: n)
    }

    /// Parses `--shard`'s value; the error names the option and says what is expected.
    static func parse(_ argument: String) throws -> ShardSpec {
        guard let spec = ShardSpec(argument: argument) else {
            // ArgumentParser puts "The value 'ARGUMENT' is invalid for '--shard <I/N>': " before this.
            throw ValidationError("expected I/N with 1 <= I <= N, e.g. 3/16 (shards count from 1; "
                                  + "from a 0-based index such as Kubernetes' $JOB_COMPLETION_INDEX pass $((JOB_COMPLETION_INDEX+1))/N)")
        }
        return spec
    }

    var description: String { "\(index)/\(count)" }

    /// True when the input with this relative path belongs to this shard.
    func contains(_ relativePath: String) -> Bool {
        Int(Self.fnv1a64(relativePath) % UInt64(count)) + 1 == index
    }

    /// 64-bit FNV-1a of the UTF-8 bytes of `text` (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
