import NIOCore

/// A JSON text written field by field into a `ByteBuffer`, for the large responses (a vehicle's day is 8,640
/// reports of 17 fields) where Foundation's `JSONEncoder` took most of the answer time. The output is what
/// `JSONEncoder` with `.sortedKeys` gives for the same view, nil fields left out; callers write keys in order.
struct JSONWriter {
    private(set) var buffer: ByteBuffer
    private var needsComma = false

    init(capacity: Int) {
        buffer = ByteBuffer()
        buffer.reserveCapacity(capacity)
    }

    mutating func beginObject() {
        separate()
        buffer.writeInteger(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        buffer.writeInteger(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        buffer.writeInteger(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        buffer.writeInteger(UInt8(ascii: "]"))
        needsComma = true
    }

    /// `"key":`, ready for a value.
    mutating func key(_ name: StaticString) {
        separate()
        buffer.writeInteger(UInt8(ascii: "\""))
        buffer.writeStaticString(name)
        buffer.writeStaticString("\":")
        needsComma = false
    }

    mutating func string(_ value: String) {
        separate()
        buffer.writeInteger(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                buffer.writeInteger(UInt8(ascii: "\\"))
                buffer.writeInteger(byte)
            case 0..<0x20:
                buffer.writeString("\\u00")
                buffer.writeInteger(Self.hex[Int(byte >> 4)])
                buffer.writeInteger(Self.hex[Int(byte & 0xF)])
            default:
                buffer.writeInteger(byte)
            }
        }
        buffer.writeInteger(UInt8(ascii: "\""))
        needsComma = true
    }

    mutating func number(_ value: Int) {
        separate()
        buffer.writeString(String(value))
        needsComma = true
    }

    /// Shortest text that reads back as `value` (JSONEncoder writes whole numbers without ".0").
    mutating func number(_ value: Double) {
        separate()
        if value == value.rounded(), abs(value) < 1e15 {
            buffer.writeString(String(Int64(value)))
        } else {
            buffer.writeString(value.description)
        }
        needsComma = true
    }

    mutating func bool(_ value: Bool) {
        separate()
        buffer.writeStaticString(value ? "true" : "false")
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

    private mutating func separate() {
        if needsComma { buffer.writeInteger(UInt8(ascii: ",")) }
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
