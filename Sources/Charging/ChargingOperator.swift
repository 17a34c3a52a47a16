public import Model

/// A charging operator (运营商) as the registry knows it.
public struct ChargingOperator: Sendable, Hashable, Codable {
    public var id: OperatorID
    public var name: String
    /// The enterprise of the enterprise registry that runs this operator, so that enterprise's users see its stations.
    public var enterpriseID: EnterpriseID?

    /// Creates an operator.
    public init(id: OperatorID, name: String, enterpriseID: EnterpriseID? = nil) {
        self.id = id
        self.name = name
        self.enterpriseID = enterpriseID
    }
}
