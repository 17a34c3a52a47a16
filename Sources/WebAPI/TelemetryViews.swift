import Foundation
import Model
import Store

/// JSON shapes of the telemetry routes, one per OpenAPI schema in `APISchemas.telemetry`.

/// One decoded report: physical values, `null` where the vehicle sent a sentinel or no such unit.
struct ReportView: Codable, Equatable {
    let collectedAt: String
    let receivedAt: String
    let reissue: Bool
    let speedKmh: Double?
    let odometerKm: Double?
    let soc: Int?
    let packVoltage: Double?
    let packCurrent: Double?
    /// WGS-84 degrees.
    let longitude: Double?
    let latitude: Double?
    let vehicleState: Int?
    let chargeState: Int?
    let maxAlarmLevel: Int?
    let maxCellVoltage: Double?
    let minCellVoltage: Double?
    let maxTemperature: Double?
    let minTemperature: Double?

    init(_ row: TelemetryRow) {
        collectedAt = Clock.iso8601(micros: row.collectedAt)
        receivedAt = Clock.iso8601(micros: row.receivedAt)
        reissue = row.reissue
        speedKmh = row.speedKmh
        odometerKm = row.odometerKm
        soc = row.socPercent
        packVoltage = row.packVoltage
        packCurrent = row.packCurrent
        longitude = row.longitude
        latitude = row.latitude
        vehicleState = row.vehicleState
        chargeState = row.chargeState
        maxAlarmLevel = row.maxAlarmLevel
        maxCellVoltage = row.maxCellVoltage
        minCellVoltage = row.minCellVoltage
        maxTemperature = row.maxTemperature
        minTemperature = row.minTemperature
    }
}

struct VehicleStateView: Codable {
    let vin: String
    let online: Bool
    let onlineChangedAt: String?
    let lastSeenAt: String?
    let report: ReportView?

    init(_ state: VehicleLatestState) {
        vin = state.vin
        online = state.online
        onlineChangedAt = state.onlineChangedAt.map(Clock.iso8601(micros:))
        lastSeenAt = state.lastSeenAt.map(Clock.iso8601(micros:))
        report = state.report.map(ReportView.init)
    }
}

struct TelemetrySeriesView: Codable {
    let vin: String
    let from: String
    let to: String
    let every: Int?
    let truncated: Bool
    let reports: [ReportView]
}

/// A GeoJSON Feature (RFC 7946) whose geometry is the track as a LineString.
struct TrackView: Codable {
    struct Geometry: Codable {
        let type: String
        let coordinates: [[Double]]
    }

    struct Properties: Codable {
        let vin: String
        let times: [String]
        let truncated: Bool
    }

    let type: String
    let geometry: Geometry
    let properties: Properties

    init(vin: String, rows: [TelemetryRow], truncated: Bool) {
        var coordinates: [[Double]] = []
        var times: [String] = []
        for row in rows {
            guard let longitude = row.longitude, let latitude = row.latitude else { continue }
            coordinates.append([longitude, latitude])
            times.append(Clock.iso8601(micros: row.collectedAt))
        }
        type = "Feature"
        geometry = Geometry(type: "LineString", coordinates: coordinates)
        properties = Properties(vin: vin, times: times, truncated: truncated)
    }
}

struct FrameView: Codable {
    let receivedAt: String
    let collectedAt: String?
    let session: Int64?
    let edition: String?
    let command: Int?
    let hex: String

    init(_ frame: StoredFrame) {
        receivedAt = Clock.iso8601(micros: frame.receivedAt)
        collectedAt = frame.collectedAt.map(Clock.iso8601(micros:))
        session = frame.session
        switch frame.raw.first {
        case UInt8(ascii: "#"): edition = "2016"
        case UInt8(ascii: "$"): edition = "2025"
        default: edition = nil
        }
        command = frame.raw.count > 2 ? Int(frame.raw[2]) : nil
        hex = frame.raw.map { String(format: "%02x", $0) }.joined()
    }
}

struct FrameListView: Codable {
    let vin: String
    let truncated: Bool
    let frames: [FrameView]
}

struct EventView: Codable {
    let at: String
    let kind: String
    let reason: String
    let session: Int64?

    init(_ event: VehicleEvent) {
        at = Clock.iso8601(micros: event.at)
        kind = event.kind
        reason = event.reason
        session = event.session
    }
}

struct VehicleEventsView: Codable {
    let vin: String
    let events: [EventView]
}

struct FleetSummaryView: Codable {
    struct CityCounts: Codable {
        let city: String
        let name: String
        let counts: FleetCounts
    }

    struct EnterpriseCounts: Codable {
        let enterprise: String
        let counts: FleetCounts
    }

    let total: FleetCounts
    let byCity: [CityCounts]
    let byEnterprise: [EnterpriseCounts]

    init(_ summary: FleetSummary) {
        total = summary.total
        byCity = summary.byCity.sorted { $0.key.code < $1.key.code }.map {
            CityCounts(city: $0.key.slug, name: $0.key.chineseName, counts: $0.value)
        }
        byEnterprise = summary.byEnterprise.sorted { $0.key.rawValue < $1.key.rawValue }.map {
            EnterpriseCounts(enterprise: $0.key.rawValue, counts: $0.value)
        }
    }
}
