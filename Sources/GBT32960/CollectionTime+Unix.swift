extension CollectionTime {
    /// The GB/T 32960 time (Beijing, UTC+8) of a moment given in seconds since the Unix epoch, for the
    /// platform's own clock in time-sync replies. Years outside 2000-2099 are clamped into range.
    public init(beijingTimeOf unixSeconds: Int64) {
        let local = unixSeconds + 8 * 3600
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secondOfDay = local - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        self.init(
            year: UInt8(clamping: min(max(year - 2000, 0), 99)), month: UInt8(month), day: UInt8(day),
            hour: UInt8(secondOfDay / 3600), minute: UInt8(secondOfDay % 3600 / 60), second: UInt8(secondOfDay % 60))
    }
}
