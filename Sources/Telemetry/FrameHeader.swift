import GBT32960
import NIOCore

/// The header fields of a frame whose data unit did not decode (GB/T 32960.3 Table 2), enough to address an
/// error reply to its sender.
struct FrameHeader {
    var edition: Edition
    var command: Command
    var ackFlag: AckFlag
    var uniqueCode: UniqueCode
    var time: CollectionTime?

    init(_ frame: Frame) {
        let bytes = frame.bytes
        let start = bytes.readerIndex
        edition = frame.edition
        command = Command(rawValue: bytes.getInteger(at: start + 2, as: UInt8.self) ?? 0)
        ackFlag = AckFlag(rawValue: bytes.getInteger(at: start + 3, as: UInt8.self) ?? 0)
        uniqueCode =
            frame.identifierOmitted
            ? .zero : UniqueCode(bytes: bytes.getBytes(at: start + 4, length: UniqueCode.byteCount) ?? []) ?? .zero
        let unit = frame.dataUnit
        if let raw = unit.getBytes(at: unit.readerIndex, length: 6), command.startsWithTime {
            time = CollectionTime(
                year: raw[0], month: raw[1], day: raw[2], hour: raw[3], minute: raw[4], second: raw[5])
        }
    }

    var vin: String { uniqueCode.text }

    /// The error reply: time-only style, the edition's code for a malformed data unit.
    func errorReply() -> Message {
        // 2025 Table 4 has 0x06 "data-structure error"; 2016 has only 0x02.
        let flag: AckFlag = edition == .gb2025 ? .dataStructureError : .error
        return Message(
            edition: edition, command: command, ackFlag: flag, uniqueCode: uniqueCode,
            body: time.map { .timeOnlyReply($0) } ?? .empty)
    }
}

extension Command {
    /// Whether the command's data unit starts with the 6-byte time (all but heartbeat, time sync, activation
    /// response and key exchange).
    fileprivate var startsWithTime: Bool {
        self != .heartbeat && self != .timeSync && self != .activationResponse && self != .keyExchange
    }
}
