import NIOCore

/// Terminal control (车载终端控制), command 0x82: time, one command ID, its parameters.
/// GB/T 32960.3-2016 Table B.14/B.15, GB/T 32960.3-2025 Table B.10/B.11.
public struct TerminalControl: Hashable, Sendable, Codable {
    /// Command time.
    public var time: CollectionTime
    /// The control command.
    public var command: ControlCommand

    /// A control command (Table B.15 / B.11).
    public enum ControlCommand: Hashable, Sendable, Codable {
        /// 0x01 remote upgrade; parameters per Table B.16 / B.12.
        case remoteUpgrade(RemoteUpgrade)
        /// 0x02 terminal shutdown.
        case shutdown
        /// 0x03 terminal reset.
        case reset
        /// 0x04 restore factory settings.
        case factoryReset
        /// 0x05 disconnect the data link.
        case disconnectLink
        /// 0x06 terminal alarm/warning: level (0-3, 2025: 0-4; 0xFF invalid) and reserved variable-length info.
        case alarm(level: UInt8, info: RawBytes)
        /// 0x07 open the sampling-monitoring link.
        case openSamplingLink
        /// 0x80-0xFE user-defined, or a reserved ID (lenient), with its parameter bytes verbatim.
        case other(id: UInt8, parameters: RawBytes)

        /// The command ID byte.
        public var id: UInt8 {
            switch self {
            case .remoteUpgrade: 0x01
            case .shutdown: 0x02
            case .reset: 0x03
            case .factoryReset: 0x04
            case .disconnectLink: 0x05
            case .alarm: 0x06
            case .openSamplingLink: 0x07
            case .other(let id, _): id
            }
        }

        /// A stable snake_case name.
        public var name: String {
            switch self {
            case .remoteUpgrade: "remote_upgrade"
            case .shutdown: "shutdown"
            case .reset: "reset"
            case .factoryReset: "factory_reset"
            case .disconnectLink: "disconnect_link"
            case .alarm: "alarm"
            case .openSamplingLink: "open_sampling_link"
            case .other(let id, _): id >= 0x80 ? "user_defined" : "reserved"
            }
        }
    }

    /// Creates a control command.
    public init(time: CollectionTime, command: ControlCommand) {
        self.time = time
        self.command = command
    }

    /// Reads the data unit (the parameters run to the end of the data unit).
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let offset = buffer.readerIndex
        let time = try CollectionTime.decode(from: &buffer)
        try context.check(time, at: offset)
        let idOffset = buffer.readerIndex
        let id = try buffer.readByte("control command ID")
        let parameterOffset = buffer.readerIndex
        let parameters = try buffer.readRaw(buffer.readableBytes, "control parameters")
        let command: ControlCommand
        switch id {
        case 0x01:
            command = .remoteUpgrade(RemoteUpgrade(raw: parameters))
        case 0x06:
            guard let level = parameters.bytes.first else {
                throw GBT32960Error(.truncated, at: parameterOffset, "alarm control needs a level byte")
            }
            command = .alarm(level: level, info: RawBytes(Array(parameters.bytes.dropFirst())))
        case 0x02, 0x03, 0x04, 0x05, 0x07:
            if parameters.count > 0 {
                try context.deviation(
                    .trailingBytes, at: parameterOffset, "control 0x\(hexByte(id)) takes no parameters")
                command = .other(id: id, parameters: parameters)
            } else {
                command =
                    [0x02: .shutdown, 0x03: .reset, 0x04: .factoryReset, 0x05: .disconnectLink][id] ?? .openSamplingLink
            }
        case 0x80...0xFE:
            command = .other(id: id, parameters: parameters)
        default:
            try context.deviation(.valueOutOfRange, at: idOffset, "control command 0x\(hexByte(id)) is reserved")
            command = .other(id: id, parameters: parameters)
        }
        return TerminalControl(time: time, command: command)
    }

    /// Writes the data unit.
    func encode(into buffer: inout FrameWriter) {
        time.encode(into: &buffer)
        buffer.writeInteger(command.id)
        switch command {
        case .remoteUpgrade(let upgrade): buffer.writeRaw(upgrade.raw)
        case .alarm(let level, let info):
            buffer.writeInteger(level)
            buffer.writeRaw(info)
        case .other(_, let parameters): buffer.writeRaw(parameters)
        default: break
        }
    }
}

/// Remote-upgrade parameters (远程升级), Table B.16 (2016) / B.12 (2025): fields separated by half-width
/// semicolons in the order "URL;APN;user;password;address;port;manufacturer;hardware;firmware;time limit".
/// Address (6 bytes, IPv4 with two leading zero bytes) and port (WORD) and time limit (WORD) are binary, so the
/// bytes are kept verbatim and `fields` splits them positionally.
public struct RemoteUpgrade: Hashable, Sendable, Codable {
    /// The parameter bytes, verbatim.
    public var raw: RawBytes

    /// Wraps parameter bytes.
    public init(raw: RawBytes) { self.raw = raw }

    /// The parsed fields of an upgrade command.
    public struct Fields: Hashable, Sendable {
        /// Upgrade URL.
        public var url: RawBytes
        /// Dial-up access point name.
        public var apn: RawBytes
        /// Dial-up user name.
        public var user: RawBytes
        /// Dial-up password.
        public var password: RawBytes
        /// Server address, 6 bytes (IPv4: first two bytes 0).
        public var address: RawBytes
        /// Server port.
        public var port: UInt16
        /// Manufacturer ID, 4 bytes.
        public var manufacturer: RawBytes
        /// Hardware version, 5 bytes.
        public var hardwareVersion: RawBytes
        /// Firmware version, 5 bytes.
        public var firmwareVersion: RawBytes
        /// Minutes allowed to reach the upgrade server.
        public var timeLimitMinutes: UInt16

        /// Creates the fields.
        public init(
            url: RawBytes, apn: RawBytes, user: RawBytes, password: RawBytes, address: RawBytes, port: UInt16,
            manufacturer: RawBytes, hardwareVersion: RawBytes, firmwareVersion: RawBytes, timeLimitMinutes: UInt16
        ) {
            self.url = url
            self.apn = apn
            self.user = user
            self.password = password
            self.address = address
            self.port = port
            self.manufacturer = manufacturer
            self.hardwareVersion = hardwareVersion
            self.firmwareVersion = firmwareVersion
            self.timeLimitMinutes = timeLimitMinutes
        }
    }

    /// Builds the parameter bytes from fields.
    public init(fields f: Fields) {
        let semicolon = UInt8(ascii: ";")
        var out: [UInt8] = []
        for text in [f.url, f.apn, f.user, f.password] { out += text.bytes + [semicolon] }
        out += f.address.bytes + [semicolon] + [UInt8(f.port >> 8), UInt8(f.port & 0xFF), semicolon]
        out += f.manufacturer.bytes + [semicolon] + f.hardwareVersion.bytes + [semicolon]
        out +=
            f.firmwareVersion.bytes + [semicolon] + [UInt8(f.timeLimitMinutes >> 8), UInt8(f.timeLimitMinutes & 0xFF)]
        self.raw = RawBytes(out)
    }

    /// The fields, when the bytes follow the positional layout; nil otherwise.
    public var fields: Fields? {
        let bytes = raw.bytes
        var index = 0
        let semicolon = UInt8(ascii: ";")
        func text() -> RawBytes? {
            guard let end = bytes[index...].firstIndex(of: semicolon) else { return nil }
            defer { index = end + 1 }
            return RawBytes(Array(bytes[index..<end]))
        }
        func fixed(_ count: Int, last: Bool = false) -> [UInt8]? {
            guard index + count <= bytes.count else { return nil }
            let value = Array(bytes[index..<index + count])
            index += count
            if !last {
                guard index < bytes.count, bytes[index] == semicolon else { return nil }
                index += 1
            }
            return value
        }
        guard let url = text(), let apn = text(), let user = text(), let password = text(),
            let address = fixed(6), let port = fixed(2), let manufacturer = fixed(4), let hardware = fixed(5),
            let firmware = fixed(5), let limit = fixed(2, last: true), index == bytes.count
        else { return nil }
        return Fields(
            url: url, apn: apn, user: user, password: password, address: RawBytes(address),
            port: UInt16(port[0]) << 8 | UInt16(port[1]), manufacturer: RawBytes(manufacturer),
            hardwareVersion: RawBytes(hardware), firmwareVersion: RawBytes(firmware),
            timeLimitMinutes: UInt16(limit[0]) << 8 | UInt16(limit[1])
        )
    }
}
