/// The stored text forms of a profile's lists: `batteries,motors` and `little_giant:2023,green_factory:2024`.
public enum ProfileText {
    public static func segments(_ segments: [ChainSegment]) -> String {
        segments.map(\.rawValue).joined(separator: ",")
    }

    public static func segments(_ text: String) -> [ChainSegment] {
        text.split(separator: ",").compactMap { ChainSegment(rawValue: String($0)) }
    }

    public static func titles(_ titles: [AwardedTitle]) -> String {
        titles.map { "\($0.title.rawValue):\($0.year)" }.joined(separator: ",")
    }

    public static func titles(_ text: String) -> [AwardedTitle] {
        text.split(separator: ",").compactMap { item in
            let parts = item.split(separator: ":")
            guard parts.count == 2, let title = EnterpriseTitle(rawValue: String(parts[0])), let year = Int(parts[1])
            else { return nil }
            return AwardedTitle(title: title, year: year)
        }
    }
}
