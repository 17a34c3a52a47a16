/// Who a caller is, for access control. Ordered from most to least privileged.
///
/// - `province`: the provincial authority; sees everything.
/// - `city`: one city government; sees what is registered in its city.
/// - `enterprise`: one enterprise (OEM, charging operator, recycler); sees its own vehicles, stations, reports.
/// - `public`: anyone without a token; sees published data only.
public enum Role: String, CaseIterable, Sendable, Codable, Hashable {
    case province
    case city
    case enterprise
    case `public`
}
