import NIOCore

/// Data-unit encryption key exchange (数据单元加密密钥交换), command 0x0B of the 2025 edition,
/// GB/T 32960.3-2025 Table 31: key type, key length WORD, key, start time, expiry time.
public struct KeyExchange: Hashable, Sendable, Codable {
    /// 0x02 RSA, 0x03 AES, 0x04 SM2, 0x05 SM4.
    public var keyType: EncryptionMethod
    /// The key.
    public var key: RawBytes
    /// When the key takes effect.
    public var startTime: CollectionTime
    /// When the key expires.
    public var expiryTime: CollectionTime

    /// Creates a key exchange.
    public init(keyType: EncryptionMethod, key: RawBytes, startTime: CollectionTime, expiryTime: CollectionTime) {
        self.keyType = keyType
        self.key = key
        self.startTime = startTime
        self.expiryTime = expiryTime
    }

    /// Reads the data unit.
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let typeOffset = buffer.readerIndex
        let type = EncryptionMethod(rawValue: try buffer.readByte("key type"))
        if !(0x02...0x05).contains(type.rawValue) {
            try context.deviation(.valueOutOfRange, at: typeOffset, "key type \(type) not in Table 31")
        }
        let length = Int(try buffer.readWord("key length"))
        let key = try buffer.readRaw(length, "key")
        let startOffset = buffer.readerIndex
        let start = try CollectionTime.decode(from: &buffer)
        try context.check(start, at: startOffset)
        let expiryOffset = buffer.readerIndex
        let expiry = try CollectionTime.decode(from: &buffer)
        try context.check(expiry, at: expiryOffset)
        return KeyExchange(keyType: type, key: key, startTime: start, expiryTime: expiry)
    }

    /// Writes the data unit.
    func encode(into buffer: inout FrameWriter) {
        buffer.writeInteger(keyType.rawValue)
        buffer.writeInteger(UInt16(truncatingIfNeeded: key.count))
        buffer.writeRaw(key)
        startTime.encode(into: &buffer)
        expiryTime.encode(into: &buffer)
    }
}
