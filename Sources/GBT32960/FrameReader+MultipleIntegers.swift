// Generated overloads (2 to 12 integers), like `ByteBuffer.readMultipleIntegers(as:)`: one bounds check for all.

extension FrameReader {
    /// Reads 2 big-endian integers, or nothing when fewer bytes are left.
    @inline(__always)
    mutating func readMultipleIntegers<T1: FixedWidthInteger, T2: FixedWidthInteger>(as: (T1, T2).Type = (T1, T2).self)
        -> (T1, T2)?
    {
        guard let p = claim(MemoryLayout<T1>.size + MemoryLayout<T2>.size) else { return nil }
        var o = 0
        let v1 = T1(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T1.self))
        o += MemoryLayout<T1>.size
        let v2 = T2(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T2.self))
        return (v1, v2)
    }

    /// Reads 3 big-endian integers, or nothing when fewer bytes are left.
    @inline(__always)
    mutating func readMultipleIntegers<T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger>(
        as: (T1, T2, T3).Type = (T1, T2, T3).self
    ) -> (T1, T2, T3)? {
        guard let p = claim(MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size) else { return nil }
        var o = 0
        let v1 = T1(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T1.self))
        o += MemoryLayout<T1>.size
        let v2 = T2(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T2.self))
        o += MemoryLayout<T2>.size
        let v3 = T3(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T3.self))
        return (v1, v2, v3)
    }

    /// Reads 4 big-endian integers, or nothing when fewer bytes are left.
    @inline(__always)
    mutating func readMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger
    >(as: (T1, T2, T3, T4).Type = (T1, T2, T3, T4).self) -> (T1, T2, T3, T4)? {
        guard
            let p = claim(MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size)
        else { return nil }
        var o = 0
        let v1 = T1(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T1.self))
        o += MemoryLayout<T1>.size
        let v2 = T2(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T2.self))
        o += MemoryLayout<T2>.size
        let v3 = T3(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T3.self))
        o += MemoryLayout<T3>.size
        let v4 = T4(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T4.self))
        return (v1, v2, v3, v4)
    }

    /// Reads 5 big-endian integers, or nothing when fewer bytes are left.
    @inline(__always)
    mutating func readMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger,
        T5: FixedWidthInteger
    >(as: (T1, T2, T3, T4, T5).Type = (T1, T2, T3, T4, T5).self) -> (T1, T2, T3, T4, T5)? {
        guard
            let p = claim(
                MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size
                    + MemoryLayout<T5>.size)
        else { return nil }
        var o = 0
        let v1 = T1(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T1.self))
        o += MemoryLayout<T1>.size
        let v2 = T2(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T2.self))
        o += MemoryLayout<T2>.size
        let v3 = T3(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T3.self))
        o += MemoryLayout<T3>.size
        let v4 = T4(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T4.self))
        o += MemoryLayout<T4>.size
        let v5 = T5(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T5.self))
        return (v1, v2, v3, v4, v5)
    }

    /// Reads 6 big-endian integers, or nothing when fewer bytes are left.
    @inline(__always)
    mutating func readMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger,
        T5: FixedWidthInteger, T6: FixedWidthInteger
    >(as: (T1, T2, T3, T4, T5, T6).Type = (T1, T2, T3, T4, T5, T6).self) -> (T1, T2, T3, T4, T5, T6)? {
        guard
            let p = claim(
                MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size
                    + MemoryLayout<T5>.size + MemoryLayout<T6>.size)
        else { return nil }
        var o = 0
        let v1 = T1(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T1.self))
        o += MemoryLayout<T1>.size
        let v2 = T2(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T2.self))
        o += MemoryLayout<T2>.size
        let v3 = T3(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T3.self))
        o += MemoryLayout<T3>.size
        let v4 = T4(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T4.self))
        o += MemoryLayout<T4>.size
        let v5 = T5(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T5.self))
        o += MemoryLayout<T5>.size
        let v6 = T6(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T6.self))
        return (v1, v2, v3, v4, v5, v6)
    }

    /// Reads 7 big-endian integers, or nothing when fewer bytes are left.
    @inline(__always)
    mutating func readMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger,
        T5: FixedWidthInteger, T6: FixedWidthInteger, T7: FixedWidthInteger
    >(as: (T1, T2, T3, T4, T5, T6, T7).Type = (T1, T2, T3, T4, T5, T6, T7).self) -> (T1, T2, T3, T4, T5, T6, T7)? {
        guard
            let p = claim(
                MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size
                    + MemoryLayout<T5>.size + MemoryLayout<T6>.size + MemoryLayout<T7>.size)
        else { return nil }
        var o = 0
        let v1 = T1(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T1.self))
        o += MemoryLayout<T1>.size
        let v2 = T2(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T2.self))
        o += MemoryLayout<T2>.size
        let v3 = T3(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T3.self))
        o += MemoryLayout<T3>.size
        let v4 = T4(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T4.self))
        o += MemoryLayout<T4>.size
        let v5 = T5(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T5.self))
        o += MemoryLayout<T5>.size
        let v6 = T6(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T6.self))
        o += MemoryLayout<T6>.size
        let v7 = T7(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T7.self))
        return (v1, v2, v3, v4, v5, v6, v7)
    }

    /// Reads 8 big-endian integers, or nothing when fewer bytes are left.
    @inline(__always)
    mutating func readMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger,
        T5: FixedWidthInteger, T6: FixedWidthInteger, T7: FixedWidthInteger, T8: FixedWidthInteger
    >(as: (T1, T2, T3, T4, T5, T6, T7, T8).Type = (T1, T2, T3, T4, T5, T6, T7, T8).self) -> (
        T1, T2, T3, T4, T5, T6, T7, T8
    )? {
        guard
            let p = claim(
                MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size
                    + MemoryLayout<T5>.size + MemoryLayout<T6>.size + MemoryLayout<T7>.size + MemoryLayout<T8>.size)
        else { return nil }
        var o = 0
        let v1 = T1(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T1.self))
        o += MemoryLayout<T1>.size
        let v2 = T2(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T2.self))
        o += MemoryLayout<T2>.size
        let v3 = T3(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T3.self))
        o += MemoryLayout<T3>.size
        let v4 = T4(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T4.self))
        o += MemoryLayout<T4>.size
        let v5 = T5(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T5.self))
        o += MemoryLayout<T5>.size
        let v6 = T6(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T6.self))
        o += MemoryLayout<T6>.size
        let v7 = T7(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T7.self))
        o += MemoryLayout<T7>.size
        let v8 = T8(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T8.self))
        return (v1, v2, v3, v4, v5, v6, v7, v8)
    }

    /// Reads 9 big-endian integers, or nothing when fewer bytes are left.
    @inline(__always)
    mutating func readMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger,
        T5: FixedWidthInteger, T6: FixedWidthInteger, T7: FixedWidthInteger, T8: FixedWidthInteger,
        T9: FixedWidthInteger
    >(as: (T1, T2, T3, T4, T5, T6, T7, T8, T9).Type = (T1, T2, T3, T4, T5, T6, T7, T8, T9).self) -> (
        T1, T2, T3, T4, T5, T6, T7, T8, T9
    )? {
        guard
            let p = claim(
                MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size
                    + MemoryLayout<T5>.size + MemoryLayout<T6>.size + MemoryLayout<T7>.size + MemoryLayout<T8>.size
                    + MemoryLayout<T9>.size)
        else { return nil }
        var o = 0
        let v1 = T1(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T1.self))
        o += MemoryLayout<T1>.size
        let v2 = T2(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T2.self))
        o += MemoryLayout<T2>.size
        let v3 = T3(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T3.self))
        o += MemoryLayout<T3>.size
        let v4 = T4(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T4.self))
        o += MemoryLayout<T4>.size
        let v5 = T5(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T5.self))
        o += MemoryLayout<T5>.size
        let v6 = T6(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T6.self))
        o += MemoryLayout<T6>.size
        let v7 = T7(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T7.self))
        o += MemoryLayout<T7>.size
        let v8 = T8(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T8.self))
        o += MemoryLayout<T8>.size
        let v9 = T9(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T9.self))
        return (v1, v2, v3, v4, v5, v6, v7, v8, v9)
    }

    /// Reads 10 big-endian integers, or nothing when fewer bytes are left.
    @inline(__always)
    mutating func readMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger,
        T5: FixedWidthInteger, T6: FixedWidthInteger, T7: FixedWidthInteger, T8: FixedWidthInteger,
        T9: FixedWidthInteger, T10: FixedWidthInteger
    >(as: (T1, T2, T3, T4, T5, T6, T7, T8, T9, T10).Type = (T1, T2, T3, T4, T5, T6, T7, T8, T9, T10).self) -> (
        T1, T2, T3, T4, T5, T6, T7, T8, T9, T10
    )? {
        guard
            let p = claim(
                MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size
                    + MemoryLayout<T5>.size + MemoryLayout<T6>.size + MemoryLayout<T7>.size + MemoryLayout<T8>.size
                    + MemoryLayout<T9>.size + MemoryLayout<T10>.size)
        else { return nil }
        var o = 0
        let v1 = T1(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T1.self))
        o += MemoryLayout<T1>.size
        let v2 = T2(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T2.self))
        o += MemoryLayout<T2>.size
        let v3 = T3(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T3.self))
        o += MemoryLayout<T3>.size
        let v4 = T4(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T4.self))
        o += MemoryLayout<T4>.size
        let v5 = T5(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T5.self))
        o += MemoryLayout<T5>.size
        let v6 = T6(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T6.self))
        o += MemoryLayout<T6>.size
        let v7 = T7(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T7.self))
        o += MemoryLayout<T7>.size
        let v8 = T8(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T8.self))
        o += MemoryLayout<T8>.size
        let v9 = T9(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T9.self))
        o += MemoryLayout<T9>.size
        let v10 = T10(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T10.self))
        return (v1, v2, v3, v4, v5, v6, v7, v8, v9, v10)
    }

    /// Reads 11 big-endian integers, or nothing when fewer bytes are left.
    @inline(__always)
    mutating func readMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger,
        T5: FixedWidthInteger, T6: FixedWidthInteger, T7: FixedWidthInteger, T8: FixedWidthInteger,
        T9: FixedWidthInteger, T10: FixedWidthInteger, T11: FixedWidthInteger
    >(as: (T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11).Type = (T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11).self)
        -> (T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11)?
    {
        guard
            let p = claim(
                MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size
                    + MemoryLayout<T5>.size + MemoryLayout<T6>.size + MemoryLayout<T7>.size + MemoryLayout<T8>.size
                    + MemoryLayout<T9>.size + MemoryLayout<T10>.size + MemoryLayout<T11>.size)
        else { return nil }
        var o = 0
        let v1 = T1(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T1.self))
        o += MemoryLayout<T1>.size
        let v2 = T2(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T2.self))
        o += MemoryLayout<T2>.size
        let v3 = T3(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T3.self))
        o += MemoryLayout<T3>.size
        let v4 = T4(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T4.self))
        o += MemoryLayout<T4>.size
        let v5 = T5(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T5.self))
        o += MemoryLayout<T5>.size
        let v6 = T6(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T6.self))
        o += MemoryLayout<T6>.size
        let v7 = T7(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T7.self))
        o += MemoryLayout<T7>.size
        let v8 = T8(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T8.self))
        o += MemoryLayout<T8>.size
        let v9 = T9(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T9.self))
        o += MemoryLayout<T9>.size
        let v10 = T10(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T10.self))
        o += MemoryLayout<T10>.size
        let v11 = T11(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T11.self))
        return (v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11)
    }

    /// Reads 12 big-endian integers, or nothing when fewer bytes are left.
    @inline(__always)
    mutating func readMultipleIntegers<
        T1: FixedWidthInteger, T2: FixedWidthInteger, T3: FixedWidthInteger, T4: FixedWidthInteger,
        T5: FixedWidthInteger, T6: FixedWidthInteger, T7: FixedWidthInteger, T8: FixedWidthInteger,
        T9: FixedWidthInteger, T10: FixedWidthInteger, T11: FixedWidthInteger, T12: FixedWidthInteger
    >(
        as: (T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12).Type = (
            T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12
        ).self
    ) -> (T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12)? {
        guard
            let p = claim(
                MemoryLayout<T1>.size + MemoryLayout<T2>.size + MemoryLayout<T3>.size + MemoryLayout<T4>.size
                    + MemoryLayout<T5>.size + MemoryLayout<T6>.size + MemoryLayout<T7>.size + MemoryLayout<T8>.size
                    + MemoryLayout<T9>.size + MemoryLayout<T10>.size + MemoryLayout<T11>.size + MemoryLayout<T12>.size)
        else { return nil }
        var o = 0
        let v1 = T1(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T1.self))
        o += MemoryLayout<T1>.size
        let v2 = T2(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T2.self))
        o += MemoryLayout<T2>.size
        let v3 = T3(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T3.self))
        o += MemoryLayout<T3>.size
        let v4 = T4(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T4.self))
        o += MemoryLayout<T4>.size
        let v5 = T5(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T5.self))
        o += MemoryLayout<T5>.size
        let v6 = T6(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T6.self))
        o += MemoryLayout<T6>.size
        let v7 = T7(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T7.self))
        o += MemoryLayout<T7>.size
        let v8 = T8(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T8.self))
        o += MemoryLayout<T8>.size
        let v9 = T9(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T9.self))
        o += MemoryLayout<T9>.size
        let v10 = T10(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T10.self))
        o += MemoryLayout<T10>.size
        let v11 = T11(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T11.self))
        o += MemoryLayout<T11>.size
        let v12 = T12(bigEndian: p.loadUnaligned(fromByteOffset: o, as: T12.self))
        return (v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12)
    }
}
