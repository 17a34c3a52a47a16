public import Charging
public import Model

/// The charging-infrastructure registry (T/CEC 102.2 operators, stations, chargers, connectors, tariffs; swap and
/// hydrogen stations), the connectors' live status with its log, delivered energy, the finder and the statistics.
///
/// Station, charger and connector ids are unique across the registry (T/CEC ids are operator-defined; operators
/// prefix them with their own code in practice).
public protocol ChargingRepository: Sendable {
    /// Inserts or replaces operators by id, in one transaction.
    func upsertOperators(_ operators: [ChargingOperator]) async throws
    /// The operators in scope, by id.
    func operators(scope: ChargingScope) async throws -> [ChargingOperator]
    /// Inserts or replaces each station with its chargers, connectors and tariff, all in one transaction: all or
    /// nothing. Chargers and connectors no longer listed are removed; a connector kept keeps its live status. Throws
    /// `StoreError.conflict` (storing nothing) if a station names an operator not in the registry, or a charger or
    /// connector id already belongs to another station.
    func importStations(_ stations: [ChargingStation]) async throws
    /// One station with its chargers, live connectors and tariff.
    func station(id: String) async throws -> ChargingStation?
    /// The id of the station a connector belongs to, or nil for an unknown connector.
    func stationID(ofConnector connectorID: String) async throws -> String?
    /// One page of stations (with chargers and connectors), by id.
    func stations(_ query: StationQuery) async throws -> StationPage
    /// Inserts or replaces swap stations by id, in one transaction.
    func upsertSwapStations(_ stations: [SwapStation]) async throws
    /// Swap stations in scope, by id.
    func swapStations(_ query: StationQuery) async throws -> [SwapStation]
    /// Inserts or replaces hydrogen stations by id, in one transaction.
    func upsertHydrogenStations(_ stations: [HydrogenStation]) async throws
    /// Hydrogen stations in scope, by id.
    func hydrogenStations(_ query: StationQuery) async throws -> [HydrogenStation]
    /// Applies live statuses in one transaction and appends every change of a known connector to the status log.
    /// A report older than the connector's current status is logged but does not replace it. Returns the ids of
    /// the connectors the registry does not know (nothing is stored for them).
    func updateConnectorStatuses(_ changes: [ConnectorStatusChange]) async throws -> [String]
    /// Records a charging session's delivered energy. Throws `StoreError.conflict` for an unknown connector.
    func recordSession(connectorID: String, start: Int64, stop: Int64, energyKWh: Double, source: String) async throws
    /// Matching stations within the radius, nearest first (ties by station id), with live connectors and tariff.
    func nearest(_ query: NearestQuery) async throws -> [ChargerMatch]
    /// Matching stations in the box, by station id, at most `query.limit`.
    func box(_ query: BoxQuery) async throws -> [ChargerMatch]
    /// Counts, utilisation, energy and fault rate in scope over `[from, to)`.
    func statistics(scope: ChargingScope, from: Int64, to: Int64) async throws -> ChargingStatistics
}

extension ChargingRepository {
    /// One connector's live status; false if the registry does not know the connector.
    @discardableResult
    public func updateConnectorStatus(connectorID: String, status: ConnectorStatus, at: Int64) async throws -> Bool {
        try await updateConnectorStatuses([ConnectorStatusChange(connectorID: connectorID, status: status, at: at)])
            .isEmpty
    }
}

/// A connector's status as reported at a time (microseconds since the epoch).
public struct ConnectorStatusChange: Sendable, Hashable {
    public var connectorID: String
    public var status: ConnectorStatus
    public var at: Int64

    /// Creates a change.
    public init(connectorID: String, status: ConnectorStatus, at: Int64) {
        self.connectorID = connectorID
        self.status = status
        self.at = at
    }
}

/// The slice of the registry a caller sees: a city's stations, the stations of the operators linked to an
/// enterprise, one operator's; nil parts do not narrow.
public struct ChargingScope: Sendable, Hashable {
    public var city: City?
    public var enterprise: EnterpriseID?
    public var operatorID: OperatorID?

    /// Creates a scope.
    public init(city: City? = nil, enterprise: EnterpriseID? = nil, operatorID: OperatorID? = nil) {
        self.city = city
        self.enterprise = enterprise
        self.operatorID = operatorID
    }
}

/// A listing of stations.
public struct StationQuery: Sendable, Hashable {
    public var scope: ChargingScope
    public var type: StationType?
    public var status: StationStatus?
    public var limit: Int
    public var offset: Int

    /// Creates a query.
    public init(
        scope: ChargingScope = .init(), type: StationType? = nil, status: StationStatus? = nil, limit: Int = 100,
        offset: Int = 0
    ) {
        self.scope = scope
        self.type = type
        self.status = status
        self.limit = limit
        self.offset = offset
    }
}

/// One page of stations and how many match in all.
public struct StationPage: Sendable, Hashable {
    public var stations: [ChargingStation]
    public var total: Int

    /// Creates a page.
    public init(stations: [ChargingStation], total: Int) {
        self.stations = stations
        self.total = total
    }
}

/// The registry's numbers in a scope, and usage over a period.
public struct ChargingStatistics: Sendable, Hashable {
    public var stations = 0
    public var stationsByCity: [City: Int] = [:]
    public var stationsByType: [StationType: Int] = [:]
    public var stationsByOperator: [OperatorID: Int] = [:]
    /// Chargers (piles) in all.
    public var chargers = 0
    /// Chargers at public stations: the figure of the "public chargers" target.
    public var publicChargers = 0
    public var connectors = 0
    public var connectorsByCity: [City: Int] = [:]
    /// Connectors by their live status now.
    public var connectorsByStatus: [ConnectorStatus: Int] = [:]
    public var swapStations = 0
    public var hydrogenStations = 0
    /// Time per status over the period, from the status log.
    public var usage = ConnectorUsage()
    /// Energy of the sessions that ended in the period, kWh.
    public var energyKWh = 0.0
    public var sessions = 0

    /// Creates empty statistics.
    public init() {}
}
