import NIOCore

/// Activation (激活), command 0x09 of the 2025 edition, GB/T 32960.3-2025 Table B.3: time, chip ID (16,
/// space padded), public key length WORD, public key, VIN (17), signature (Table 8).
public struct Activation: Hashable, Sendable, Codable {
    /// Collection time.
    public var time: CollectionTime
    /// Security chip ID, 16 bytes, space padded.
    public var chipID: RawBytes
    /// The chip's public key.
    public var publicKey: RawBytes
    /// The vehicle's VIN.
    public var vin: UniqueCode
    /// Signature over the preceding bytes.
    public var signature: VehicleSignature

    /// Creates an activation.
    public init(
        time: CollectionTime, chipID: RawBytes, publicKey: RawBytes, vin: UniqueCode, signature: VehicleSignature
    ) {
        self.time = time
        self.chipID = chipID
        self.publicKey = publicKey
        self.vin = vin
        self.signature = signature
    }

    /// Reads the data unit.
    static func decode(from buffer: inout FrameReader, context: inout DecodingContext) throws(GBT32960Error)
        -> Self
    {
        let offset = buffer.readerIndex
        let time = try CollectionTime.decode(from: &buffer)
        try context.check(time, at: offset)
        let chip = try buffer.readRaw(16, "chip ID")
        let keyLength = Int(try buffer.readWord("public key length"))
        let key = try buffer.readRaw(keyLength, "public key")
        guard let vin = buffer.readUniqueCode() else {
            throw GBT32960Error(.truncated, at: buffer.readerIndex, "VIN needs 17 bytes")
        }
        let signature = try VehicleSignature.decode(from: &buffer)
        return Activation(time: time, chipID: chip, publicKey: key, vin: vin, signature: signature)
    }

    /// Writes the data unit.
    func encode(into buffer: inout FrameWriter) {
        time.encode(into: &buffer)
        buffer.writeRaw(chipID)
        buffer.writeInteger(UInt16(truncatingIfNeeded: publicKey.count))
        buffer.writeRaw(publicKey)
        buffer.writeUniqueCode(vin)
        signature.encode(into: &buffer)
    }
}
