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
            return convert(bytes, from: "GB18030", to: "UTF-8").map { String(decoding: $0, as: UTF8.self) }
        #else
            return String(decoding: bytes, as: UTF8.self)
        #endif
    }

    /// The bytes `text` takes in a STRING field, unpadded: ASCII as is, Chinese in GB18030. Nil if the text
    /// cannot be converted (or, where iconv is unavailable, is not ASCII).
    public static func bytes(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        if utf8.allSatisfy({ $0 < 0x80 }) { return utf8 }
        #if canImport(Glibc) || canImport(Darwin)
            return convert(utf8, from: "UTF-8", to: "GB18030")
        #else
            return nil
        #endif
    }

    #if canImport(Glibc) || canImport(Darwin)
        /// `bytes` converted between two iconv encodings; nil if any byte sequence is invalid or unmappable.
        private static func convert(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
            let cd = iconv_open(target, source)
            guard let cd, cd != iconv_t(bitPattern: -1) else { return nil }
            defer { iconv_close(cd) }
            var input = bytes.map { CChar(bitPattern: $0) }
            // GB18030 takes at most 4 bytes per character and UTF-8 at most 4, so 4 per input byte is enough.
            var output = [CChar](repeating: 0, count: bytes.count * 4 + 4)
            let written: Int? = input.withUnsafeMutableBufferPointer { inBuf in
                output.withUnsafeMutableBufferPointer { outBuf in
                    var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                    var inLeft = inBuf.count
                    var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
                    var outLeft = outBuf.count
                    let result = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                    return result != -1 && inLeft == 0 ? outBuf.count - outLeft : nil
                }
            }
            guard let written else { return nil }
            return output[..<written].map { UInt8(bitPattern: $0) }
        }
    #endif
}
