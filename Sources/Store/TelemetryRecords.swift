public import Model

/// What the gateway's writer commits in one transaction: reports, other accepted frames, and presence
/// changes, each in arrival order.
public struct IngestBatch: Sendable, Hashable {
    public var reports: [TelemetryRow]
    public var frames: [ArchivedFrame]
    public var presence: [PresenceChange]
    /// Logins taking an identity, for gateway processes to see each other's (`TelemetryRepository.claims`).
    public var claims: [IdentityClaim]

    /// Creates a batch.
    public init(
        reports: [TelemetryRow] = [], frames: [ArchivedFrame] = [], presence: [PresenceChange] = [],
        claims: [IdentityClaim] = []
    ) {
        self.reports = reports
        self.frames = frames
        self.presence = presence
        self.claims = claims
    }

    /// Records in the batch.
    public var count: Int { reports.count + frames.count + presence.count + claims.count }
    public var isEmpty: Bool { count == 0 }
}

/// "Where is this vehicle now": its newest report (by collection time: a reissue never overwrites newer
/// state) and whether it is online.
public struct VehicleLatestState: Sendable, Hashable {
    public var vin: String
    /// The newest report by collection time; nil while the vehicle has logged in but not reported.
    public var report: TelemetryRow?
    /// Receive time of the vehicle's newest frame of any kind (µs since epoch, UTC).
    public var lastSeenAt: Int64?
    public var online: Bool
    /// When `online` last changed.
    public var onlineChangedAt: Int64?

    /// Creates a state.
    public init(vin: String, report: TelemetryRow?, lastSeenAt: Int64?, online: Bool, onlineChangedAt: Int64?) {
        self.vin = vin
        self.report = report
        self.lastSeenAt = lastSeenAt
        self.online = online
        self.onlineChangedAt = onlineChangedAt
    }
}

/// A vehicle's online/offline event.
public struct VehicleEvent: Sendable, Hashable {
    public var vin: String
    public var at: Int64
    /// `online` or `offline`.
    public var kind: String
    public var reason: String
    public var session: Int64?

    /// Creates an event.
    public init(vin: String, at: Int64, kind: String, reason: String, session: Int64?) {
        self.vin = vin
        self.at = at
        self.kind = kind
        self.reason = reason
        self.session = session
    }
}

/// One verbatim frame of a vehicle, report or not, as the raw-frames API returns it.
public struct StoredFrame: Sendable, Hashable {
    public var vin: String
    public var receivedAt: Int64
    /// Collection time for reports; nil for other frames.
    public var collectedAt: Int64?
    public var session: Int64?
    public var raw: [UInt8]

    /// Creates a stored frame.
    public init(vin: String, receivedAt: Int64, collectedAt: Int64?, session: Int64?, raw: [UInt8]) {
        self.vin = vin
        self.receivedAt = receivedAt
        self.collectedAt = collectedAt
        self.session = session
        self.raw = raw
    }
}

/// Which registered vehicles a fleet summary counts.
public struct FleetFilter: Sendable, Hashable {
    public var enterprise: EnterpriseID?
    public var city: City?

    /// Creates a filter; with no arguments, every registered vehicle.
    public init(enterprise: EnterpriseID? = nil, city: City? = nil) {
        self.enterprise = enterprise
        self.city = city
    }
}

/// Counts of registered vehicles by state. A vehicle is driving when online with vehicle state 1 (started)
/// and speed above 0, charging when online with charge state 1 or 2, alarming when online with a general
/// alarm level of 1 or more in its newest report.
public struct FleetCounts: Sendable, Hashable, Codable {
    public var vehicles: Int
    public var online: Int
    public var driving: Int
    public var charging: Int
    public var alarming: Int

    /// Creates counts.
    public init(vehicles: Int = 0, online: Int = 0, driving: Int = 0, charging: Int = 0, alarming: Int = 0) {
        self.vehicles = vehicles
        self.online = online
        self.driving = driving
        self.charging = charging
        self.alarming = alarming
    }
}

/// A fleet summary: totals, and the same counts per city and per enterprise.
public struct FleetSummary: Sendable, Hashable {
    public var total: FleetCounts
    public var byCity: [City: FleetCounts]
    public var byEnterprise: [EnterpriseID: FleetCounts]

    /// Creates a summary.
    public init(total: FleetCounts, byCity: [City: FleetCounts], byEnterprise: [EnterpriseID: FleetCounts]) {
        self.total = total
        self.byCity = byCity
        self.byEnterprise = byEnterprise
    }
}

extension IngestBatch {
    /// The newest report of each VIN in the batch (by collection time; the later one wins a tie) and the
    /// latest receive time of any of its reports: what the latest-state upsert writes, one row per VIN, in VIN
    /// byte order (so concurrent writers lock rows in one order).
    public var latestPerVehicle: [(report: TelemetryRow, lastSeenAt: Int64)] {
        reportOrder.newest.map { (reports[$0.position], $0.lastSeenAt) }
    }

    /// The newest claim of each identity in the batch: what the claims upsert writes, one row per identity, in
    /// identity order (so concurrent writers lock rows in one order).
    public var newestClaims: [IdentityClaim] {
        var newest: [String: IdentityClaim] = [:]
        for claim in claims {
            if let held = newest[claim.identity], !claim.supersedes(session: held.session, claimedAt: held.claimedAt) {
                continue
            }
            newest[claim.identity] = claim
        }
        return newest.values.sorted { $0.identity < $1.identity }
    }

    /// The reports in the order of the stores' `(vin, collected_at)` index (`reportOrder`).
    public var reportsInIndexOrder: [TelemetryRow] { reportOrder.positions.map { reports[$0] } }

    /// Where each report goes in the stores' `(vin, collected_at)` index, and each vehicle's newest report, from one
    /// sort. Inserting in index order lands consecutive rows on the same index pages: on PostgreSQL, with 10,000
    /// vehicles interleaved, 25,000 rows went into a table of 1,000,000 about 30% faster sorted (in `psql`), and the
    /// report insert of `bench ingest` took 15-25% less time a row; on SQLite `bench ingest` gained 6-12%. The
    /// newest reports then fall out of the same order, without a dictionary of VIN strings (which, with copies of
    /// the rows, took a fifth of the writer's time by `perf`).
    public var reportOrder: ReportOrder {
        var keys: [ReportOrder.Key] = []
        keys.reserveCapacity(reports.count)
        for (position, row) in reports.enumerated() {
            keys.append(ReportOrder.Key(vin: row.vin, time: row.collectedAt, position: position))
        }
        keys.sort { $0.precedes($1, in: reports) }
        var newest: [(position: Int, lastSeenAt: Int64)] = []
        for (i, key) in keys.enumerated() {
            let receivedAt = reports[key.position].receivedAt
            if i > 0, keys[i - 1].sameVIN(as: key, in: reports) {
                newest[newest.count - 1].position = key.position
                newest[newest.count - 1].lastSeenAt = max(newest[newest.count - 1].lastSeenAt, receivedAt)
            } else {
                newest.append((key.position, receivedAt))
            }
        }
        return ReportOrder(positions: keys.map(\.position), newest: newest)
    }

    /// The latest receive time of the non-report frames per VIN (heartbeats keep a vehicle "seen").
    public var framesLastSeen: [String: Int64] {
        var seen: [String: Int64] = [:]
        for frame in frames { seen[frame.vin] = max(seen[frame.vin] ?? .min, frame.receivedAt) }
        return seen
    }
}

/// A batch's reports in index order, and each VIN's newest (`IngestBatch.reportOrder`).
public struct ReportOrder: Sendable {
    /// Positions in `IngestBatch.reports`, by VIN bytes (the index's "C" collation), then collection time, then
    /// arrival.
    public var positions: [Int]
    /// One per VIN, in VIN byte order: the position of its newest report (by collection time; the later arrival
    /// wins a tie) and the latest receive time of its reports.
    public var newest: [(position: Int, lastSeenAt: Int64)]

    /// A report's sort key. A VIN's first 24 bytes as three big-endian words, and its length, compare as its
    /// bytes do without a String comparison per step of the sort; only VINs longer than that (never a valid one)
    /// are compared whole.
    struct Key {
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var length: Int
        var time: Int64
        var position: Int

        init(vin: String, time: Int64, position: Int) {
            length = vin.utf8.count
            self.time = time
            self.position = position
            for (offset, byte) in vin.utf8.prefix(24).enumerated() {
                let shifted = UInt64(byte) << (56 - 8 * UInt64(offset % 8))
                switch offset / 8 {
                case 0: words.0 |= shifted
                case 1: words.1 |= shifted
                default: words.2 |= shifted
                }
            }
        }

        /// Byte order of the VINs, then time, then arrival.
        func precedes(_ other: Key, in reports: [TelemetryRow]) -> Bool {
            if words != other.words { return words < other.words }
            if length > 24 || other.length > 24 {
                let (mine, theirs) = (reports[position].vin.utf8, reports[other.position].vin.utf8)
                if !mine.elementsEqual(theirs) { return mine.lexicographicallyPrecedes(theirs) }
            } else if length != other.length {
                return length < other.length
            }
            return (time, position) < (other.time, other.position)
        }

        func sameVIN(as other: Key, in reports: [TelemetryRow]) -> Bool {
            guard words == other.words, length == other.length else { return false }
            return length <= 24 || reports[position].vin.utf8.elementsEqual(reports[other.position].vin.utf8)
        }
    }
}

/// The report columns both stores keep in `telemetry` and `vehicle_latest`, in binding order.
public enum TelemetryColumns {
    public static let names = [
        "vin", "collected_at", "received_at", "reissue", "speed_kmh", "odometer_km", "soc", "pack_voltage",
        "pack_current", "longitude", "latitude", "vehicle_state", "charge_state", "max_alarm_level",
        "max_cell_voltage", "min_cell_voltage", "max_temperature", "min_temperature",
    ]
    /// The names joined for a column list.
    public static let list = names.joined(separator: ", ")

    /// `SET` clauses of the latest-state upsert: each report column takes the new value only when the new
    /// report is newer by collection time (so a late reissue never moves the state back).
    public static let latestUpdates: String = {
        let newer = "(vehicle_latest.collected_at IS NULL OR excluded.collected_at > vehicle_latest.collected_at)"
        return names.dropFirst().map { "\($0) = CASE WHEN \(newer) THEN excluded.\($0) ELSE vehicle_latest.\($0) END" }
            .joined(separator: ", ")
    }()
}

/// One (city, enterprise) group of a fleet summary as a store reads it, before it is added up.
public struct FleetGroup: Sendable {
    public var city: String
    public var enterprise: String
    public var counts: FleetCounts

    /// Creates a group.
    public init(city: String, enterprise: String, counts: FleetCounts) {
        self.city = city
        self.enterprise = enterprise
        self.counts = counts
    }

    /// The groups added up into totals, per city and per enterprise.
    public static func summary(_ groups: [FleetGroup]) throws -> FleetSummary {
        var summary = FleetSummary(total: FleetCounts(), byCity: [:], byEnterprise: [:])
        for group in groups {
            guard let city = City(rawValue: group.city), let enterprise = EnterpriseID(rawValue: group.enterprise)
            else {
                throw StoreError(.engine, "corrupt vehicle row: city \(group.city), enterprise \(group.enterprise)")
            }
            summary.total.add(group.counts)
            summary.byCity[city, default: FleetCounts()].add(group.counts)
            summary.byEnterprise[enterprise, default: FleetCounts()].add(group.counts)
        }
        return summary
    }
}

extension FleetCounts {
    /// Adds `other` to these counts.
    public mutating func add(_ other: FleetCounts) {
        vehicles += other.vehicles
        online += other.online
        driving += other.driving
        charging += other.charging
        alarming += other.alarming
    }
}
