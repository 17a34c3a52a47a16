import NIOCore

extension Message {
    /// Decodes a framed packet. Strict mode throws a `GBT32960Error` (with the frame hex and byte offset) on
    /// anything off-standard; lenient mode accepts known field deviations and lists them in `issues`.
    public static func decode(frame: Frame, mode: DecodingMode = .lenient) throws(GBT32960Error) -> Message {
        do {
            return try decodeUnchecked(frame: frame, mode: mode)
        } catch {
            var located = error
            located.frameHex = frame.hex
            throw located
        }
    }

    /// Frames and decodes exactly one packet given as bytes.
    public static func decode(
        bytes: some Collection<UInt8>,
        mode: DecodingMode = .lenient,
        maxFrameLength: Int = 65_556
    ) throws(GBT32960Error) -> Message {
        var buffer = ByteBuffer()
        buffer.writeBytes(bytes)
        return try decode(frame: try Frame(exactly: buffer, maxFrameLength: maxFrameLength, mode: mode), mode: mode)
    }

    /// Frames and decodes exactly one packet given as hex text.
    public static func decode(hex: some StringProtocol, mode: DecodingMode = .lenient) throws(GBT32960Error) -> Message
    {
        guard let raw = GBT32960.bytes(fromHex: hex) else {
            throw GBT32960Error(.invalidHex, at: 0, "input is not hexadecimal", frameHex: String(hex))
        }
        return try decode(bytes: raw, mode: mode)
    }

    private static func decodeUnchecked(frame: Frame, mode: DecodingMode) throws(GBT32960Error) -> Message {
        // Read the frame's memory directly; index 0 is the first start-marker byte, so reader indices are frame
        // offsets. The reader must not outlive this call. The message is returned straight out of the closure
        // (typed throws all the way): passing it out in a `Result` copied it several times, and filling a message
        // declared outside the closure copied it once more.
        try frame.bytes.withUnsafeReadableBytes { memory throws(GBT32960Error) -> Message in
            var reader = FrameReader(memory)
            return try decodeUnchecked(frame: frame, mode: mode, from: &reader)
        }
    }

    private static func decodeUnchecked(
        frame: Frame,
        mode: DecodingMode,
        from buffer: inout FrameReader
    ) throws(GBT32960Error) -> Message {
        var context = DecodingContext(edition: frame.edition, mode: mode)
        buffer.moveReaderIndex(forwardBy: 2)
        let command = Command(rawValue: try buffer.readByte("command"))
        let ack = AckFlag(rawValue: try buffer.readByte("ack flag"))
        let code: UniqueCode
        if frame.identifierOmitted {
            try context.deviation(.missingIdentifier, at: 4, "heartbeat without the 17-byte unique code")
            code = .zero
        } else {
            guard let read = buffer.readUniqueCode() else { throw GBT32960Error(.truncated, at: 4, "unique code") }
            code = read
            if !code.isPrintableASCII {
                try context.deviation(.paddedIdentifier, at: 4, "unique code is padded or not printable ASCII")
            }
        }
        let encryptionOffset = buffer.readerIndex
        let encryption = EncryptionMethod(rawValue: try buffer.readByte("encryption"))
        let length = Int(try buffer.readWord("data unit length"))
        let dataStart = buffer.readerIndex
        // The framer checked 24 + length + 1 == frame size; drop the BCC from the readable range.
        buffer.moveWriterIndex(to: dataStart + length)

        if !ack.isDefined(in: frame.edition) {
            try context.deviation(.ackFlagError, at: 3, "ack flag \(ack) not defined in \(frame.edition.rawValue)")
        }
        // The fields are gathered first and the message built once at the end: a message built early and filled
        // in was copied whole on return.
        var body = MessageBody.empty
        var interpret = true
        if encryption.isEncrypted && encryption.isDefined(in: frame.edition) {
            body = .encrypted(try buffer.readRaw(length, "ciphertext"))
            interpret = false
        } else if !encryption.isDefined(in: frame.edition) {
            try context.deviation(.undefinedEncryption, at: encryptionOffset, "encryption byte \(encryption)")
            // 0x00 is treated as plaintext (vendor data #65-#67); any other undefined value cannot be interpreted.
            if encryption.rawValue != 0x00 {
                body = .opaque(try buffer.readRaw(length, "data unit"))
                interpret = false
            }
        }
        if interpret {
            body = try decodeBody(command: command, ack: ack, length: length, from: &buffer, context: &context)
        }
        var trailing: RawBytes? = nil
        if buffer.readableBytes > 0 {
            try context.deviation(
                .trailingBytes, at: buffer.readerIndex, "\(buffer.readableBytes) bytes after the last field")
            trailing = try buffer.readRaw(buffer.readableBytes, "trailing bytes")
        }
        return Message(
            edition: frame.edition, command: command, ackFlag: ack, uniqueCode: code, encryption: encryption,
            body: body, trailing: trailing, identifierOmitted: frame.identifierOmitted, issues: context.issues)
    }

    private static func decodeBody(
        command: Command,
        ack: AckFlag,
        length: Int,
        from buffer: inout FrameReader,
        context: inout DecodingContext
    ) throws(GBT32960Error) -> MessageBody {
        if !ack.isCommand && length == 6 {
            let offset = buffer.readerIndex
            let time = try CollectionTime.decode(from: &buffer)
            try context.check(time, at: offset)
            return .timeOnlyReply(time)
        }
        let edition = context.edition
        switch command.rawValue {
        case 0x01: return .vehicleLogin(try .decode(from: &buffer, context: &context))
        case 0x02, 0x03:
            if !ack.isCommand {
                // An uplink report carries 0xFE; a reply flag with a full body is the 2016 B.3.3.2 echo style.
                if edition == .gb2025 { try context.deviation(.ackFlagError, at: 3, "report with reply flag \(ack)") }
            }
            return .report(try .decode(from: &buffer, context: &context))
        case 0x04: return .vehicleLogout(try .decode(from: &buffer, context: &context))
        case 0x05: return .platformLogin(try .decode(from: &buffer, context: &context))
        case 0x06: return .platformLogout(try .decode(from: &buffer, context: &context))
        case 0x07, 0x08: return .empty
        case 0x09 where edition == .gb2025: return .activation(try .decode(from: &buffer, context: &context))
        case 0x0A where edition == .gb2025: return .activationResponse(try .decode(from: &buffer, context: &context))
        case 0x0B where edition == .gb2025: return .keyExchange(try .decode(from: &buffer, context: &context))
        case 0x80:
            if ack.isCommand { return .parameterQuery(try .decode(from: &buffer, context: &context)) }
            return .parameters(try .decode(from: &buffer, context: &context))
        case 0x81: return .parameters(try .decode(from: &buffer, context: &context))
        case 0x82: return .terminalControl(try .decode(from: &buffer, context: &context))
        case 0xC0...0xFE: return .opaque(try buffer.readRaw(buffer.readableBytes, "platform custom data"))
        default:
            try context.deviation(.reservedCommand, at: 2, "command \(command) is reserved in \(edition.rawValue)")
            return .opaque(try buffer.readRaw(buffer.readableBytes, "data unit"))
        }
    }
}
