#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text of STRING fields (GB/T 32960.3 Table 1): ASCII (GB/T 1988), and GB18030 where Chinese is present.
///
/// Conversion uses the C library's iconv (pure computation, no I/O by the codec); where iconv is unavailable the
/// text falls back to UTF-8 with replacement characters.
public enum GB18030 {
    /// The field's text with trailing NUL (and space) padding removed; nil if the bytes are not valid GB18030.
    public static func text(_ raw: RawBytes) -> String? {
        var bytes = raw.bytes
        if let nul = bytes.firstIndex(of: 0) { bytes.removeSubrange(nul...) }
        while bytes.last == 0x20 { bytes.removeLast() }
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        #if canImport(Glibc) || canImport(Darwin)
            return convert(bytes)
        #else
            return String(decoding: bytes, as: UTF8.self)
        #endif
    }

    #if canImport(Glibc) || canImport(Darwin)
        private static func convert(_ bytes: [UInt8]) -> String? {
            let cd = iconv_open("UTF-8", "GB18030")
            guard let cd, cd != iconv_t(bitPattern: -1) else { return nil }
            defer { iconv_close(cd) }
            var input = bytes.map { CChar(bitPattern: $0) }
            var output = [CChar](repeating: 0, count: bytes.count * 4 + 4)
            let ok: Bool = input.withUnsafeMutableBufferPointer { inBuf in
                output.withUnsafeMutableBufferPointer { outBuf in
                    var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                    var inLeft = inBuf.count
                    var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
                    var outLeft = outBuf.count
                    let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    return result != -1 && inLeft == 0
                }
            }
            guard ok, let end = output.firstIndex(of: 0) else { return nil }
            return String(decoding: output[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    #endif
}
