import Foundation

/// SplitMix64: a small, fast, deterministic generator for simulated fleets and benchmark inputs.
public struct SplitMix64: Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform double in `low..<high`.
    public mutating func unit(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * Double(next() >> 11) / Double(1 << 53)
    }

    /// Whole seconds until the next of a stream of independent incidents `mean` seconds apart on average
    /// (exponential waiting time), at least 1.
    mutating func waitingTime(mean: Double) -> Int64 {
        let u = unit(0, 1)
        return max(1, Int64((-log(1 - u) * mean).rounded()))
    }
}
