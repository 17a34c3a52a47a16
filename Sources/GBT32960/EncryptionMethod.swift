/// The data-unit encryption method (数据单元加密方式), frame offset 21; GB/T 32960.3-2016 Table 2 and
/// GB/T 32960.3-2025 Table 2. Also used for the platform login's encryption rule (Table 21 / Table 29) and the
/// key type of the 2025 key exchange (Table 31).
public struct EncryptionMethod: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The byte on the wire.
    public var rawValue: UInt8

    /// Wraps a method byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 0x01 plaintext (数据不加密).
    public static let none = EncryptionMethod(rawValue: 0x01)
    /// 0x02 RSA.
    public static let rsa = EncryptionMethod(rawValue: 0x02)
    /// 0x03 AES (2016 text: "AES128").
    public static let aes = EncryptionMethod(rawValue: 0x03)
    /// 0x04 SM2 (2025 only).
    public static let sm2 = EncryptionMethod(rawValue: 0x04)
    /// 0x05 SM4 (2025 only).
    public static let sm4 = EncryptionMethod(rawValue: 0x05)
    /// 0xFE abnormal (异常).
    public static let abnormal = EncryptionMethod(rawValue: 0xFE)
    /// 0xFF invalid (无效).
    public static let invalid = EncryptionMethod(rawValue: 0xFF)

    /// Whether the data unit is ciphertext under this method (RSA, AES, SM2, SM4).
    public var isEncrypted: Bool { rawValue >= 0x02 && rawValue <= 0x05 }

    /// Whether `edition` defines this value: 0x01-0x03, 0xFE, 0xFF in 2016; plus 0x04, 0x05 in 2025.
    public func isDefined(in edition: Edition) -> Bool {
        switch rawValue {
        case 0x01...0x03, 0xFE, 0xFF: true
        case 0x04, 0x05: edition == .gb2025
        default: false
        }
    }

    /// A stable snake_case name used in JSON output.
    public var name: String {
        switch rawValue {
        case 0x01: "none"
        case 0x02: "rsa"
        case 0x03: "aes"
        case 0x04: "sm2"
        case 0x05: "sm4"
        case 0xFE: "abnormal"
        case 0xFF: "invalid"
        default: "undefined"
        }
    }

    public var description: String { "\(name)(0x\(hexByte(rawValue)))" }
}
