// Generated overloads (2 to 12 integers): a variadic-generic version was not specialised by the compiler and
// went through value witnesses for every integer, slower than the ByteBuffer calls it replaced.

extension FrameWriter {
    /// Writes 2 big-endian integers with one bounds check.
    @inline(__always)
    mutating func writeMultipleIntegers<T1: FixedWidthInteger, T2: FixedWidthInteger>(_ v1: T1, _ v2: T2) {
        guard let p = claim(MemoryLayout<T1>.size + MemoryLayout<T2>.size) else { return }
        var o = 0
        p.storeBytes(of: v1.bigEndian, toByteOffset: o, as: T1.self)
        o += MemoryLayout<T1>.size
        p.storeBytes(of: v2.bigEndian, toByteOffset: o, as: T2.self)
    }

    /// Writes 3 big-endian integers with one bounds check.
    @inline(__always)
    mutating func writeMultipleIntegers<T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger>(
        _ v1: T1, _ v2: T2, _ v3: T3
    ) {
        guard let p = claim(MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size) else { return }
        var o = 0
        p.storeBytes(of: v1.bigEndian, toByteOffset: o, as: T1.self)
        o += MemoryLayout<T1>.size
        p.storeBytes(of: v2.bigEndian, toByteOffset: o, as: T2.self)
        o += MemoryLayout<T2>.size
        p.storeBytes(of: v3.bigEndian, toByteOffset: o, as: T3.self)
    }

    /// Writes 4 big-endian integers with one bounds check.
    @inline(__always)
    mutating func writeMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger
    >(_ v1: T1, _ v2: T2, _ v3: T3, _ v4: T4) {
        guard
            let p = claim(MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size)
        else { return }
        var o = 0
        p.storeBytes(of: v1.bigEndian, toByteOffset: o, as: T1.self)
        o += MemoryLayout<T1>.size
        p.storeBytes(of: v2.bigEndian, toByteOffset: o, as: T2.self)
        o += MemoryLayout<T2>.size
        p.storeBytes(of: v3.bigEndian, toByteOffset: o, as: T3.self)
        o += MemoryLayout<T3>.size
        p.storeBytes(of: v4.bigEndian, toByteOffset: o, as: T4.self)
    }

    /// Writes 5 big-endian integers with one bounds check.
    @inline(__always)
    mutating func writeMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger,
        T5: FixedWidthInteger
    >(_ v1: T1, _ v2: T2, _ v3: T3, _ v4: T4, _ v5: T5) {
        guard
            let p = claim(
                MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size
                    + MemoryLayout<T5>.size)
        else { return }
        var o = 0
        p.storeBytes(of: v1.bigEndian, toByteOffset: o, as: T1.self)
        o += MemoryLayout<T1>.size
        p.storeBytes(of: v2.bigEndian, toByteOffset: o, as: T2.self)
        o += MemoryLayout<T2>.size
        p.storeBytes(of: v3.bigEndian, toByteOffset: o, as: T3.self)
        o += MemoryLayout<T3>.size
        p.storeBytes(of: v4.bigEndian, toByteOffset: o, as: T4.self)
        o += MemoryLayout<T4>.size
        p.storeBytes(of: v5.bigEndian, toByteOffset: o, as: T5.self)
    }

    /// Writes 6 big-endian integers with one bounds check.
    @inline(__always)
    mutating func writeMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger,
        T5: FixedWidthInteger, T6: FixedWidthInteger
    >(_ v1: T1, _ v2: T2, _ v3: T3, _ v4: T4, _ v5: T5, _ v6: T6) {
        guard
            let p = claim(
                MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size
                    + MemoryLayout<T5>.size + MemoryLayout<T6>.size)
        else { return }
        var o = 0
        p.storeBytes(of: v1.bigEndian, toByteOffset: o, as: T1.self)
        o += MemoryLayout<T1>.size
        p.storeBytes(of: v2.bigEndian, toByteOffset: o, as: T2.self)
        o += MemoryLayout<T2>.size
        p.storeBytes(of: v3.bigEndian, toByteOffset: o, as: T3.self)
        o += MemoryLayout<T3>.size
        p.storeBytes(of: v4.bigEndian, toByteOffset: o, as: T4.self)
        o += MemoryLayout<T4>.size
        p.storeBytes(of: v5.bigEndian, toByteOffset: o, as: T5.self)
        o += MemoryLayout<T5>.size
        p.storeBytes(of: v6.bigEndian, toByteOffset: o, as: T6.self)
    }

    /// Writes 7 big-endian integers with one bounds check.
    @inline(__always)
    mutating func writeMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger,
        T5: FixedWidthInteger, T6: FixedWidthInteger, T7: FixedWidthInteger
    >(_ v1: T1, _ v2: T2, _ v3: T3, _ v4: T4, _ v5: T5, _ v6: T6, _ v7: T7) {
        guard
            let p = claim(
                MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size
                    + MemoryLayout<T5>.size + MemoryLayout<T6>.size + MemoryLayout<T7>.size)
        else { return }
        var o = 0
        p.storeBytes(of: v1.bigEndian, toByteOffset: o, as: T1.self)
        o += MemoryLayout<T1>.size
        p.storeBytes(of: v2.bigEndian, toByteOffset: o, as: T2.self)
        o += MemoryLayout<T2>.size
        p.storeBytes(of: v3.bigEndian, toByteOffset: o, as: T3.self)
        o += MemoryLayout<T3>.size
        p.storeBytes(of: v4.bigEndian, toByteOffset: o, as: T4.self)
        o += MemoryLayout<T4>.size
        p.storeBytes(of: v5.bigEndian, toByteOffset: o, as: T5.self)
        o += MemoryLayout<T5>.size
        p.storeBytes(of: v6.bigEndian, toByteOffset: o, as: T6.self)
        o += MemoryLayout<T6>.size
        p.storeBytes(of: v7.bigEndian, toByteOffset: o, as: T7.self)
    }

    /// Writes 8 big-endian integers with one bounds check.
    @inline(__always)
    mutating func writeMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger,
        T5: FixedWidthInteger, T6: FixedWidthInteger, T7: FixedWidthInteger, T8: FixedWidthInteger
    >(_ v1: T1, _ v2: T2, _ v3: T3, _ v4: T4, _ v5: T5, _ v6: T6, _ v7: T7, _ v8: T8) {
        guard
            let p = claim(
                MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size
                    + MemoryLayout<T5>.size + MemoryLayout<T6>.size + MemoryLayout<T7>.size + MemoryLayout<T8>.size)
        else { return }
        var o = 0
        p.storeBytes(of: v1.bigEndian, toByteOffset: o, as: T1.self)
        o += MemoryLayout<T1>.size
        p.storeBytes(of: v2.bigEndian, toByteOffset: o, as: T2.self)
        o += MemoryLayout<T2>.size
        p.storeBytes(of: v3.bigEndian, toByteOffset: o, as: T3.self)
        o += MemoryLayout<T3>.size
        p.storeBytes(of: v4.bigEndian, toByteOffset: o, as: T4.self)
        o += MemoryLayout<T4>.size
        p.storeBytes(of: v5.bigEndian, toByteOffset: o, as: T5.self)
        o += MemoryLayout<T5>.size
        p.storeBytes(of: v6.bigEndian, toByteOffset: o, as: T6.self)
        o += MemoryLayout<T6>.size
        p.storeBytes(of: v7.bigEndian, toByteOffset: o, as: T7.self)
        o += MemoryLayout<T7>.size
        p.storeBytes(of: v8.bigEndian, toByteOffset: o, as: T8.self)
    }

    /// Writes 9 big-endian integers with one bounds check.
    @inline(__always)
    mutating func writeMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger,
        T5: FixedWidthInteger, T6: FixedWidthInteger, T7: FixedWidthInteger, T8: FixedWidthInteger,
        T9: FixedWidthInteger
    >(_ v1: T1, _ v2: T2, _ v3: T3, _ v4: T4, _ v5: T5, _ v6: T6, _ v7: T7, _ v8: T8, _ v9: T9) {
        guard
            let p = claim(
                MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size
                    + MemoryLayout<T5>.size + MemoryLayout<T6>.size + MemoryLayout<T7>.size + MemoryLayout<T8>.size
                    + MemoryLayout<T9>.size)
        else { return }
        var o = 0
        p.storeBytes(of: v1.bigEndian, toByteOffset: o, as: T1.self)
        o += MemoryLayout<T1>.size
        p.storeBytes(of: v2.bigEndian, toByteOffset: o, as: T2.self)
        o += MemoryLayout<T2>.size
        p.storeBytes(of: v3.bigEndian, toByteOffset: o, as: T3.self)
        o += MemoryLayout<T3>.size
        p.storeBytes(of: v4.bigEndian, toByteOffset: o, as: T4.self)
        o += MemoryLayout<T4>.size
        p.storeBytes(of: v5.bigEndian, toByteOffset: o, as: T5.self)
        o += MemoryLayout<T5>.size
        p.storeBytes(of: v6.bigEndian, toByteOffset: o, as: T6.self)
        o += MemoryLayout<T6>.size
        p.storeBytes(of: v7.bigEndian, toByteOffset: o, as: T7.self)
        o += MemoryLayout<T7>.size
        p.storeBytes(of: v8.bigEndian, toByteOffset: o, as: T8.self)
        o += MemoryLayout<T8>.size
        p.storeBytes(of: v9.bigEndian, toByteOffset: o, as: T9.self)
    }

    /// Writes 10 big-endian integers with one bounds check.
    @inline(__always)
    mutating func writeMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger,
        T5: FixedWidthInteger, T6: FixedWidthInteger, T7: FixedWidthInteger, T8: FixedWidthInteger,
        T9: FixedWidthInteger, T10: FixedWidthInteger
    >(_ v1: T1, _ v2: T2, _ v3: T3, _ v4: T4, _ v5: T5, _ v6: T6, _ v7: T7, _ v8: T8, _ v9: T9, _ v10: T10) {
        guard
            let p = claim(
                MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size
                    + MemoryLayout<T5>.size + MemoryLayout<T6>.size + MemoryLayout<T7>.size + MemoryLayout<T8>.size
                    + MemoryLayout<T9>.size + MemoryLayout<T10>.size)
        else { return }
        var o = 0
        p.storeBytes(of: v1.bigEndian, toByteOffset: o, as: T1.self)
        o += MemoryLayout<T1>.size
        p.storeBytes(of: v2.bigEndian, toByteOffset: o, as: T2.self)
        o += MemoryLayout<T2>.size
        p.storeBytes(of: v3.bigEndian, toByteOffset: o, as: T3.self)
        o += MemoryLayout<T3>.size
        p.storeBytes(of: v4.bigEndian, toByteOffset: o, as: T4.self)
        o += MemoryLayout<T4>.size
        p.storeBytes(of: v5.bigEndian, toByteOffset: o, as: T5.self)
        o += MemoryLayout<T5>.size
        p.storeBytes(of: v6.bigEndian, toByteOffset: o, as: T6.self)
        o += MemoryLayout<T6>.size
        p.storeBytes(of: v7.bigEndian, toByteOffset: o, as: T7.self)
        o += MemoryLayout<T7>.size
        p.storeBytes(of: v8.bigEndian, toByteOffset: o, as: T8.self)
        o += MemoryLayout<T8>.size
        p.storeBytes(of: v9.bigEndian, toByteOffset: o, as: T9.self)
        o += MemoryLayout<T9>.size
        p.storeBytes(of: v10.bigEndian, toByteOffset: o, as: T10.self)
    }

    /// Writes 11 big-endian integers with one bounds check.
    @inline(__always)
    mutating func writeMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger,
        T5: FixedWidthInteger, T6: FixedWidthInteger, T7: FixedWidthInteger, T8: FixedWidthInteger,
        T9: FixedWidthInteger, T10: FixedWidthInteger, T11: FixedWidthInteger
    >(_ v1: T1, _ v2: T2, _ v3: T3, _ v4: T4, _ v5: T5, _ v6: T6, _ v7: T7, _ v8: T8, _ v9: T9, _ v10: T10, _ v11: T11)
    {
        guard
            let p = claim(
                MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size
                    + MemoryLayout<T5>.size + MemoryLayout<T6>.size + MemoryLayout<T7>.size + MemoryLayout<T8>.size
                    + MemoryLayout<T9>.size + MemoryLayout<T10>.size + MemoryLayout<T11>.size)
        else { return }
        var o = 0
        p.storeBytes(of: v1.bigEndian, toByteOffset: o, as: T1.self)
        o += MemoryLayout<T1>.size
        p.storeBytes(of: v2.bigEndian, toByteOffset: o, as: T2.self)
        o += MemoryLayout<T2>.size
        p.storeBytes(of: v3.bigEndian, toByteOffset: o, as: T3.self)
        o += MemoryLayout<T3>.size
        p.storeBytes(of: v4.bigEndian, toByteOffset: o, as: T4.self)
        o += MemoryLayout<T4>.size
        p.storeBytes(of: v5.bigEndian, toByteOffset: o, as: T5.self)
        o += MemoryLayout<T5>.size
        p.storeBytes(of: v6.bigEndian, toByteOffset: o, as: T6.self)
        o += MemoryLayout<T6>.size
        p.storeBytes(of: v7.bigEndian, toByteOffset: o, as: T7.self)
        o += MemoryLayout<T7>.size
        p.storeBytes(of: v8.bigEndian, toByteOffset: o, as: T8.self)
        o += MemoryLayout<T8>.size
        p.storeBytes(of: v9.bigEndian, toByteOffset: o, as: T9.self)
        o += MemoryLayout<T9>.size
        p.storeBytes(of: v10.bigEndian, toByteOffset: o, as: T10.self)
        o += MemoryLayout<T10>.size
        p.storeBytes(of: v11.bigEndian, toByteOffset: o, as: T11.self)
    }

    /// Writes 12 big-endian integers with one bounds check.
    @inline(__always)
    mutating func writeMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger,
        T5: FixedWidthInteger, T6: FixedWidthInteger, T7: FixedWidthInteger, T8: FixedWidthInteger,
        T9: FixedWidthInteger, T10: FixedWidthInteger, T11: FixedWidthInteger, T12: FixedWidthInteger
    >(
        _ v1: T1, _ v2: T2, _ v3: T3, _ v4: T4, _ v5: T5, _ v6: T6, _ v7: T7, _ v8: T8, _ v9: T9, _ v10: T10,
        _ v11: T11, _ v12: T12
    ) {
        guard
            let p = claim(
                MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size
                    + MemoryLayout<T5>.size + MemoryLayout<T6>.size + MemoryLayout<T7>.size + MemoryLayout<T8>.size
                    + MemoryLayout<T9>.size + MemoryLayout<T10>.size + MemoryLayout<T11>.size + MemoryLayout<T12>.size)
        else { return }
        var o = 0
        p.storeBytes(of: v1.bigEndian, toByteOffset: o, as: T1.self)
        o += MemoryLayout<T1>.size
        p.storeBytes(of: v2.bigEndian, toByteOffset: o, as: T2.self)
        o += MemoryLayout<T2>.size
        p.storeBytes(of: v3.bigEndian, toByteOffset: o, as: T3.self)
        o += MemoryLayout<T3>.size
        p.storeBytes(of: v4.bigEndian, toByteOffset: o, as: T4.self)
        o += MemoryLayout<T4>.size
        p.storeBytes(of: v5.bigEndian, toByteOffset: o, as: T5.self)
        o += MemoryLayout<T5>.size
        p.storeBytes(of: v6.bigEndian, toByteOffset: o, as: T6.self)
        o += MemoryLayout<T6>.size
        p.storeBytes(of: v7.bigEndian, toByteOffset: o, as: T7.self)
        o += MemoryLayout<T7>.size
        p.storeBytes(of: v8.bigEndian, toByteOffset: o, as: T8.self)
        o += MemoryLayout<T8>.size
        p.storeBytes(of: v9.bigEndian, toByteOffset: o, as: T9.self)
        o += MemoryLayout<T9>.size
        p.storeBytes(of: v10.bigEndian, toByteOffset: o, as: T10.self)
        o += MemoryLayout<T10>.size
        p.storeBytes(of: v11.bigEndian, toByteOffset: o, as: T11.self)
        o += MemoryLayout<T11>.size
        p.storeBytes(of: v12.bigEndian, toByteOffset: o, as: T12.self)
    }
}
