/// T/CEC 102.2 EquipmentInfo.EquipmentType: what a charger (one pile) supplies.
public enum EquipmentType: Int, CaseIterable, Sendable, Codable, Hashable {
    /// 直流设备.
    case dc = 1
    /// 交流设备.
    case ac = 2
    /// 交直流一体设备.
    case acdc = 3
    /// 无线设备.
    case wireless = 4
    /// 其他.
    case other = 5
}
