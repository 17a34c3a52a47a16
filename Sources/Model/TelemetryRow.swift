/// One decoded realtime report as the telemetry table stores it: the columns that queries filter
/// on, plus the verbatim frame for audit and replay.
///
/// Physical values are already scaled (km/h, km, V, A, %); `nil` means the vehicle sent the
/// standard's "abnormal" or "invalid" sentinel, or the frame had no such unit.
public struct TelemetryRow: Sendable, Hashable {
    public var vin: String
    /// Collection time from the frame, microseconds since the Unix epoch (UTC).
    public var collectedAt: Int64
    /// When the platform received the frame, microseconds since the Unix epoch (UTC).
    public var receivedAt: Int64
    /// `true` for 0x03 reissued data.
    public var reissue: Bool
    public var speedKmh: Double?
    public var odometerKm: Double?
    public var socPercent: Int?
    public var packVoltage: Double?
    public var packCurrent: Double?
    /// WGS-84 degrees.
    public var longitude: Double?
    public var latitude: Double?
    /// GB/T 32960 vehicle state (1 started, 2 off, 3 other).
    public var vehicleState: Int?
    /// GB/T 32960 charging state (1 parked charging, 2 driving charging, 3 not charging, 4 done).
    public var chargeState: Int?
    /// Highest general alarm level in the frame (0-3, 4 in the 2025 edition).
    public var maxAlarmLevel: Int?
    /// Highest and lowest cell voltage (V) and probe temperature (degC) of the frame: from the extrema unit
    /// where the frame has one (2016), otherwise over the cell-voltage and probe-temperature units.
    public var maxCellVoltage: Double?
    public var minCellVoltage: Double?
    public var maxTemperature: Double?
    public var minTemperature: Double?
    /// The gateway session (connection) that received the frame; nil for rows written by other means.
    public var session: Int64?
    /// The frame exactly as received.
    public var raw: [UInt8]

    public init(
        vin: String, collectedAt: Int64, receivedAt: Int64, reissue: Bool = false, speedKmh: Double? = nil,
        odometerKm: Double? = nil, socPercent: Int? = nil, packVoltage: Double? = nil, packCurrent: Double? = nil,
        longitude: Double? = nil, latitude: Double? = nil, vehicleState: Int? = nil, chargeState: Int? = nil,
        maxAlarmLevel: Int? = nil, maxCellVoltage: Double? = nil, minCellVoltage: Double? = nil,
        maxTemperature: Double? = nil, minTemperature: Double? = nil, session: Int64? = nil, raw: [UInt8]
    ) {
        self.vin = vin
        self.collectedAt = collectedAt
        self.receivedAt = receivedAt
        self.reissue = reissue
        self.speedKmh = speedKmh
        self.odometerKm = odometerKm
        self.socPercent = socPercent
        self.packVoltage = packVoltage
        self.packCurrent = packCurrent
        self.longitude = longitude
        self.latitude = latitude
        self.vehicleState = vehicleState
        self.chargeState = chargeState
        self.maxAlarmLevel = maxAlarmLevel
        self.maxCellVoltage = maxCellVoltage
        self.minCellVoltage = minCellVoltage
        self.maxTemperature = maxTemperature
        self.minTemperature = minTemperature
        self.session = session
        self.raw = raw
    }
}
