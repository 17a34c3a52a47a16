import NIOCore

/// How strictly to decode.
public enum DecodingMode: String, Hashable, Sendable, Codable {
    /// Reject anything off-standard with a `GBT32960Error` carrying the frame hex and byte offset.
    case strict
    /// Accept the deviations seen in the field and tag each with a `DataQualityIssue`.
    case lenient
}

/// State threaded through the decoding of one frame: the edition, the mode, and the deviations found so far.
public struct DecodingContext: Sendable {
    /// The frame's edition.
    public var edition: Edition
    /// Strict or lenient.
    public var mode: DecodingMode
    /// Deviations accepted so far (always empty in strict mode).
    public var issues: [DataQualityIssue] = []

    /// Creates a context.
    public init(edition: Edition, mode: DecodingMode) {
        self.edition = edition
        self.mode = mode
    }

    /// Records a deviation at `offset`: throws in strict mode, tags in lenient mode.
    public mutating func deviation(
        _ code: DataQualityIssue.Code,
        at offset: Int,
        _ message: @autoclosure () -> String
    ) throws(GBT32960Error) {
        let issue = DataQualityIssue(code, at: offset)
        if mode == .strict { throw GBT32960Error(issue.errorCode, at: offset, message()) }
        issues.append(issue)
    }

    /// Checks a time against Table 5.
    public mutating func check(_ time: CollectionTime, at offset: Int) throws(GBT32960Error) {
        if !time.isValid { try deviation(.invalidTime, at: offset, "time \(time) outside Table 5 ranges") }
    }
}
