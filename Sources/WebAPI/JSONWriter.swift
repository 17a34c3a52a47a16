import NIOCore

/// A JSON text written field by field into a `ByteBuffer`, for the large responses (a vehicle's day is 8,640
/// reports of 17 fields) where Foundation's `JSONEncoder` took most of the answer time. The output is what
/// `JSONEncoder` with `.sortedKeys` gives for the same view, nil fields left out; callers write keys in order.
struct JSONWriter {
    /// The text so far. A byte array, not a `ByteBuffer`: each `ByteBuffer` write paid a dynamic exclusivity check
    /// (`swift_beginAccess`), a fifth of a vehicle's day answer in `perf`.
    private var bytes: [UInt8] = []
    private var needsComma = false

    init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// The JSON text.
    var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// `"key":`, ready for a value.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        // Times, VINs and codes need no escaping: copied whole.
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: value.utf8)
            bytes.append(UInt8(ascii: "\""))
            needsComma = true
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0..<0x20:
                bytes.append(contentsOf: [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                    Self.hex[Int(byte >> 4)],
                    Self.hex[Int(byte & 0xF)],
                ])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    mutating func number(_ value: Int) {
        separate()
        digits(Int64(value))
        needsComma = true
    }

    /// Shortest text that reads back as `value` (JSONEncoder writes whole numbers without ".0").
    mutating func number(_ value: Double) {
        separate()
        if value == value.rounded(), abs(value) < 1e15 {
            digits(Int64(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
        needsComma = true
    }

    mutating func bool(_ value: Bool) {
        separate()
        if value {
            bytes.append(contentsOf: [UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "u"), UInt8(ascii: "e")])
        } else {
            bytes.append(contentsOf: [
                UInt8(ascii: "f"), UInt8(ascii: "a"), UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "e"),
            ])
        }
        needsComma = true
    }

    /// A field whose value may be absent: left out when nil, as JSONEncoder does.
    mutating func field(_ name: StaticString, _ value: Double?) {
        guard let value else { return }
        key(name)
        number(value)
    }

    mutating func field(_ name: StaticString, _ value: Int?) {
        guard let value else { return }
        key(name)
        number(value)
    }

    mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        string(value)
    }

    mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bool(value)
    }

    /// The decimal digits of `value`, without a `String` in between: written last digit first, then turned round.
    private mutating func digits(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
}

extension ReportView {
    /// This report as JSON, keys in JSONEncoder's sorted order.
    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.field("chargeState", chargeState)
        json.field("collectedAt", collectedAt)
        json.field("latitude", latitude)
        json.field("longitude", longitude)
        json.field("maxAlarmLevel", maxAlarmLevel)
        json.field("maxCellVoltage", maxCellVoltage)
        json.field("maxTemperature", maxTemperature)
        json.field("minCellVoltage", minCellVoltage)
        json.field("minTemperature", minTemperature)
        json.field("odometerKm", odometerKm)
        json.field("packCurrent", packCurrent)
        json.field("packVoltage", packVoltage)
        json.field("receivedAt", receivedAt)
        json.field("reissue", reissue)
        json.field("soc", soc)
        json.field("speedKmh", speedKmh)
        json.field("vehicleState", vehicleState)
        json.endObject()
    }
}

extension TelemetrySeriesView {
    /// The series as JSON, the same text JSONEncoder with `.sortedKeys` writes, several times faster.
    func json() -> ByteBuffer {
        var json = JSONWriter(capacity: 128 + reports.count * 380)
        json.beginObject()
        json.field("every", every)
        json.field("from", from)
        json.key("reports")
        json.beginArray()
        for report in reports { report.write(to: &json) }
        json.endArray()
        json.field("to", to)
        json.field("truncated", truncated)
        json.field("vin", vin)
        json.endObject()
        return json.buffer
    }
}

extension TrackView {
    /// The GeoJSON Feature, keys sorted as JSONEncoder writes them.
    func json() -> ByteBuffer {
        var json = JSONWriter(capacity: 256 + geometry.coordinates.count * 64)
        json.beginObject()
        json.key("geometry")
        json.beginObject()
        json.key("coordinates")
        json.beginArray()
        for point in geometry.coordinates {
            json.beginArray()
            for value in point { json.number(value) }
            json.endArray()
        }
        json.endArray()
        json.field("type", geometry.type)
        json.endObject()
        json.key("properties")
        json.beginObject()
        json.key("times")
        json.beginArray()
        for time in properties.times { json.string(time) }
        json.endArray()
        json.field("truncated", properties.truncated)
        json.field("vin", properties.vin)
        json.endObject()
        json.field("type", type)
        json.endObject()
        return json.buffer
    }
}
