/// The edition of GB/T 32960.3 a frame follows, chosen by its start marker (2025 edition, Table 2).
///
/// `##` (0x23 0x23) marks the 2016 protocol and `$$` (0x24 0x24) the 2025 protocol; the start marker is the
/// only version marker on the wire.
public enum Edition: String, Hashable, Sendable, Codable, CaseIterable {
    /// GB/T 32960.3-2016, start marker `##`.
    case gb2016 = "2016"
    /// GB/T 32960.3-2025, start marker `$$`.
    case gb2025 = "2025"

    /// The byte repeated twice at the start of every frame of this edition.
    public var startByte: UInt8 {
        switch self {
        case .gb2016: 0x23
        case .gb2025: 0x24
        }
    }

    /// The edition whose start marker byte is `byte`, if any.
    public init?(startByte byte: UInt8) {
        switch byte {
        case 0x23: self = .gb2016
        case 0x24: self = .gb2025
        default: return nil
        }
    }
}
