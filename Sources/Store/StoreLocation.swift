import Foundation

/// Where the store lives, parsed from `--store`:
/// `sqlite:PATH` (the embedded default) or `postgres://user:password@host:port/database`.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// The default embedded store under `./nevbrain-data`.
    public static let defaultLocation = StoreLocation.sqlite(path: "./nevbrain-data/nevbrain.sqlite")

    public init(parsing text: String) throws(StoreError) {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }  // accept sqlite://path too
            guard !path.isEmpty else {
                throw StoreError(.badLocation, "sqlite: needs a file path, e.g. sqlite:./nevbrain-data/nevbrain.sqlite")
            }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(try PostgresLocation(url: text))
        } else {
            throw StoreError(.badLocation, "store must start with sqlite: or postgres://, got \(text)")
        }
    }

    /// The location with any password hidden, for logs.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let pg): "postgres://\(pg.user)@\(pg.host):\(pg.port)/\(pg.database)"
        }
    }
}

/// The parts of a `postgres://` URL.
public struct PostgresLocation: Sendable, Hashable {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    /// `sslmode=require` in the query string asks for TLS.
    public var requireTLS: Bool

    public init(url: String) throws(StoreError) {
        guard let schemeEnd = url.range(of: "://") else { throw StoreError(.badLocation, "not a URL: \(url)") }
        var rest = Substring(url[schemeEnd.upperBound...])
        var query = Substring("")
        if let q = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: q)...]
            rest = rest[..<q]
        }
        var userInfo: Substring = ""
        if let at = rest.lastIndex(of: "@") {
            userInfo = rest[..<at]
            rest = rest[rest.index(after: at)...]
        }
        let slash = rest.firstIndex(of: "/")
        let hostPort = slash.map { rest[..<$0] } ?? rest
        let database = slash.map { String(rest[rest.index(after: $0)...]) } ?? ""
        var host = String(hostPort)
        var port = 5432
        if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            guard let p = Int(hostPort[hostPort.index(after: colon)...]), (1...65535).contains(p) else {
                throw StoreError(.badLocation, "bad port in \(url)")
            }
            port = p
        }
        if let colon = userInfo.firstIndex(of: ":") {
            user = Self.percentDecoded(userInfo[..<colon])
            password = Self.percentDecoded(userInfo[userInfo.index(after: colon)...])
        } else {
            user = userInfo.isEmpty ? "postgres" : Self.percentDecoded(userInfo)
            password = nil
        }
        self.host = host.isEmpty ? "127.0.0.1" : host
        self.port = port
        self.database = database.isEmpty ? user : Self.percentDecoded(Substring(database))
        self.requireTLS = query.split(separator: "&").contains {
            $0 == "sslmode=require" || $0 == "sslmode=verify-full"
        }
    }

    private static func percentDecoded(_ s: Substring) -> String {
        var bytes: [UInt8] = []
        var i = s.utf8.startIndex
        let u = s.utf8
        while i != u.endIndex {
            let c = u[i]
            if c == UInt8(ascii: "%"), let h1 = u.index(i, offsetBy: 1, limitedBy: u.endIndex), h1 != u.endIndex,
                let h2 = u.index(h1, offsetBy: 1, limitedBy: u.endIndex), h2 != u.endIndex,
                let v = UInt8(String(decoding: [u[h1], u[h2]], as: UTF8.self), radix: 16)
            {
                bytes.append(v)
                i = u.index(after: h2)
            } else {
                bytes.append(c)
                i = u.index(after: i)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
