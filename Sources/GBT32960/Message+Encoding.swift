import NIOCore

extension Message {
    /// Writes the whole frame: start marker, header, data unit, and the BCC computed over the bytes from the
    /// command to the end of the (possibly encrypted) data unit (Table 2: encrypt first, then checksum).
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeFrame { encodeFrame(into: &$0) }
    }

    /// The whole frame as bytes.
    public func encodedBytes() -> [UInt8] {
        [UInt8](writingFrame: 512) { encodeFrame(into: &$0) }
    }

    /// Writes the whole frame from the writer's start (offsets below are frame offsets).
    private func encodeFrame(into buffer: inout FrameWriter) {
        let marker = edition.startByte
        buffer.writeMultipleIntegers(marker, marker, command.rawValue, ackFlag.rawValue)
        if !identifierOmitted { buffer.writeUniqueCode(uniqueCode) }
        buffer.writeInteger(encryption.rawValue)
        let lengthIndex = buffer.writerIndex
        buffer.writeInteger(UInt16(0))
        let dataStart = buffer.writerIndex
        encodeBody(into: &buffer)
        if let trailing { buffer.writeRaw(trailing) }
        if buffer.overflowed { return }
        let length = buffer.writerIndex - dataStart
        buffer.setInteger(UInt16(truncatingIfNeeded: length), at: lengthIndex)
        buffer.writeInteger(buffer.bcc(from: 2, count: buffer.writerIndex - 2))
    }

    /// The whole frame as lower-case hex.
    public var encodedHex: String { hexString(encodedBytes()) }

    private func encodeBody(into buffer: inout FrameWriter) {
        switch body {
        case .vehicleLogin(let b): b.encode(into: &buffer, edition: edition)
        case .report(let b): b.encode(into: &buffer, edition: edition)
        case .vehicleLogout(let b): b.encode(into: &buffer)
        case .platformLogin(let b): b.encode(into: &buffer)
        case .platformLogout(let b): b.encode(into: &buffer)
        case .empty: break
        case .activation(let b): b.encode(into: &buffer)
        case .activationResponse(let b): b.encode(into: &buffer)
        case .keyExchange(let b): b.encode(into: &buffer)
        case .parameterQuery(let b): b.encode(into: &buffer)
        case .parameters(let b): b.encode(into: &buffer)
        case .terminalControl(let b): b.encode(into: &buffer)
        case .timeOnlyReply(let t): t.encode(into: &buffer)
        case .encrypted(let raw), .opaque(let raw): buffer.writeRaw(raw)
        }
    }

    /// How a reply is built (GB/T 32960.3 6.3.2 vs 2016 Annex B.3.3.2).
    public enum ReplyStyle: String, Hashable, Sendable, Codable {
        /// 2016 main text and all of 2025: change the flag, keep the message time, delete the rest.
        case timeOnly = "time-only"
        /// 2016 Annex B.3.3.2: change the flag and the time, keep the rest of the data unit.
        case fullEcho = "full-echo"
    }

    /// Builds the reply to this command message.
    ///
    /// - Parameters:
    ///   - flag: the result (success, error, VIN duplicate, ...).
    ///   - style: time-only or full echo.
    ///   - time: the reply time. Time-only replies keep the message's own time unless `time` is given (a
    ///     time-sync reply carries the platform's time); full-echo replies put `time` in place of the message time.
    public func reply(_ flag: AckFlag, style: ReplyStyle = .timeOnly, time: CollectionTime? = nil) -> Message {
        var reply = self
        reply.ackFlag = flag
        reply.trailing = nil
        reply.issues = []
        switch style {
        case .timeOnly:
            if let replyTime = time ?? body.time {
                reply.body = .timeOnlyReply(replyTime)
            } else {
                reply.body = .empty
            }
        case .fullEcho:
            if let time { reply.body.time = time }
        }
        return reply
    }
}
