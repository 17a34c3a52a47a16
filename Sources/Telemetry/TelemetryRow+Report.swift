public import GBT32960
public import Model

extension TelemetryRow {
    /// The row the telemetry table stores for a realtime (0x02) or reissue (0x03) report, or nil for other
    /// messages and for reports without a valid collection time (those are kept only as raw frames).
    ///
    /// Sentinels become nil, never numbers. Positions are stored in WGS-84: a 2025 terminal reporting GCJ-02
    /// (coordinate system 2) is converted back; an invalid fix (status bit 0) gives no position.
    ///
    /// - Parameter vin: the frame's VIN text if the caller has it already (it is built per call otherwise).
    public init?(report message: Message, raw: [UInt8], receivedAt: Int64, vin: String? = nil) {
        guard message.command == .realtimeReport || message.command == .reissueReport,
            case .report(let report) = message.body, let time = report.time, let seconds = time.unixTime
        else { return nil }
        self.init(
            vin: vin ?? message.uniqueCode.text, collectedAt: seconds * 1_000_000, receivedAt: receivedAt,
            reissue: message.command == .reissueReport, raw: raw)
        var alarmLevel: Int?
        var extremaUnit: ExtremaData?
        for unit in report.units {
            switch unit {
            case .vehicle(let v):
                speedKmh = v.speedKmh.value
                odometerKm = v.odometerKm.value
                socPercent = v.socPercent.value.map { Int($0) }
                packVoltage = v.totalVoltageV.value
                packCurrent = v.totalCurrentA.value
                vehicleState = Self.state(v.vehicleState)
                chargeState = Self.state(v.chargingState)
            case .position(let p) where p.isFixValid:
                if let lon = p.longitudeDegrees.value, let lat = p.latitudeDegrees.value {
                    let point = GeoPoint(longitude: lon, latitude: lat)
                    let wgs = p.coordinateSystem == 2 ? point.gcj02ToWGS84 : point
                    longitude = wgs.longitude
                    latitude = wgs.latitude
                }
            case .alarm(let a):
                if let level = Self.state(a.maxLevel) { alarmLevel = max(alarmLevel ?? 0, level) }
            case .extrema(let e):
                extremaUnit = e
            default:
                break
            }
        }
        maxAlarmLevel = alarmLevel
        // The vehicle's own extrema unit (2016) is what it measured; the lists are the fallback (2025 has
        // no extrema unit for batteries), scanned only when a value is missing: a 2016 frame with a valid
        // extrema unit needs no pass over its hundred-odd cells.
        maxCellVoltage = extremaUnit?.maxCellVoltageV.value
        minCellVoltage = extremaUnit?.minCellVoltageV.value
        maxTemperature = extremaUnit?.maxTemperatureC.value
        minTemperature = extremaUnit?.minTemperatureC.value
        if maxCellVoltage == nil || minCellVoltage == nil {
            let cells = report.cellVoltageExtremes
            maxCellVoltage = maxCellVoltage ?? cells.max
            minCellVoltage = minCellVoltage ?? cells.min
        }
        if maxTemperature == nil || minTemperature == nil {
            let probes = report.probeTemperatureExtremes
            maxTemperature = maxTemperature ?? probes.max
            minTemperature = minTemperature ?? probes.min
        }
    }

    /// A BYTE state or level, nil for the 0xFE/0xFF sentinels.
    private static func state(_ raw: UInt8) -> Int? {
        raw >= 0xFE ? nil : Int(raw)
    }
}
