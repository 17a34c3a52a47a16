public import Model

extension ArchivedFrame {
    /// Header bytes before a frame's data unit: start marker, command, ack flag, unique code, encryption, length.
    private static let headerLength = 24
    /// The platform login's password field within the data unit: after time (6), serial (2) and user name (12).
    private static let passwordRange = (headerLength + 20)..<(headerLength + 40)

    /// The platform login (0x05) with its 20-byte password field zeroed and the check code recomputed, so the
    /// archive never holds a platform's password. Anything shorter than a plaintext platform login is returned
    /// as it is.
    public func redactingPlatformPassword() -> ArchivedFrame {
        guard raw.count > Self.passwordRange.upperBound else { return self }
        var redacted = self
        for i in Self.passwordRange { redacted.raw[i] = 0 }
        // BCC: XOR of everything after the start marker up to the check code itself.
        var check: UInt8 = 0
        for byte in redacted.raw[2..<(redacted.raw.count - 1)] { check ^= byte }
        redacted.raw[redacted.raw.count - 1] = check
        return redacted
    }
}
