public import GBT32960

/// The credential fields of a platform login (0x05) on the wire, GB/T 32960.3-2016 Table 21 and -2025 Table 29:
/// a 12-byte user name and a 20-byte password, both STRING (ASCII, or GB18030 where Chinese is present) and
/// padded with NULs or spaces.
///
/// The rules here keep what an administrator sets and what a platform can send in step: a name or password that
/// does not fit its field, or that ends in padding, could never log in.
public enum PlatformCredentials {
    /// Width of the user name field.
    public static let usernameBytes = 12
    /// Width of the password field.
    public static let passwordBytes = 20
    /// Fewest characters in a password.
    public static let minimumPasswordLength = 8

    /// The password a login carries: the field without its trailing NUL and space padding (in any mix), as
    /// text. Nil if a NUL is left inside it or the bytes are not GB18030 (ASCII is a subset): such a password
    /// matches no account.
    public static func password(_ field: RawBytes) -> String? {
        var bytes = field.bytes
        while let last = bytes.last, last == 0 || last == 0x20 { bytes.removeLast() }
        guard !bytes.contains(0) else { return nil }
        return GB18030.text(RawBytes(bytes))
    }

    /// Why `username` cannot be a platform account's user name, nil if it can: it must be 1 to 12 bytes in
    /// GB18030 (12 ASCII characters or 6 Chinese ones) of letters, digits, '.', '-' and '_'.
    public static func problem(username: String) -> String? {
        guard !username.isEmpty,
            username.unicodeScalars.allSatisfy({
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
            })
        else {
            return "a platform user name is letters, digits, '.', '-' or '_'"
        }
        guard let bytes = GB18030.bytes(username), bytes.count <= usernameBytes else {
            return "a platform user name fits \(usernameBytes) bytes in GB18030 (12 ASCII or 6 Chinese characters)"
        }
        return nil
    }

    /// Why `password` cannot be a platform account's password, nil if it can: at least 8 characters, at most
    /// 20 bytes in GB18030, no control characters, and not ending in a space (the wire's padding).
    public static func problem(password: String) -> String? {
        guard password.count >= minimumPasswordLength else {
            return "a platform password has at least \(minimumPasswordLength) characters"
        }
        guard let bytes = GB18030.bytes(password), bytes.count <= passwordBytes else {
            return "a platform password fits \(passwordBytes) bytes in GB18030 (20 ASCII characters)"
        }
        guard !password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            return "a platform password has no control characters"
        }
        guard password.last != " " else {
            return "a platform password does not end in a space (the login pads the field with spaces or NULs)"
        }
        return nil
    }
}
