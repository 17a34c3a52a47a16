import Foundation

/// The simulation's time: Unix seconds (collection time) that start at `start` and run `scale` times as fast as
/// the wall clock. Scale 1 from now is real time; tests run minutes of vehicle life in a fraction of a second.
public struct SimulationClock: Sendable {
    /// Unix seconds at the origin.
    public let start: Int64
    /// Simulated seconds per real second.
    public let scale: Double
    private let origin: ContinuousClock.Instant

    /// A clock starting now at `start` (default: the current Unix time).
    public init(start: Int64? = nil, scale: Double = 1) {
        self.start = start ?? Int64(Date().timeIntervalSince1970)
        self.scale = scale > 0 ? scale : 1
        self.origin = .now
    }

    /// Simulated Unix time now, fractional.
    public var now: Double {
        let elapsed = ContinuousClock.now - origin
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(start) + seconds * scale
    }

    /// Simulated Unix time now, whole seconds.
    public var seconds: Int64 { Int64(now.rounded(.down)) }

    /// Sleeps until simulated second `second` has begun.
    public func sleep(until second: Int64) async throws {
        let delay = (Double(second) - now) / scale
        if delay > 0 { try await Task.sleep(for: .nanoseconds(Int64(delay * 1e9))) }
    }
}
