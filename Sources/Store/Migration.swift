/// One versioned schema change. Each engine lists its own SQL for the same versions, so the two
/// stores always have the same logical schema at the same version.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    /// Statements run in order inside one transaction.
    public let statements: [String]

    public init(version: Int, name: String, statements: [String]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}

extension Array where Element == Migration {
    /// Checks the list is strictly increasing from 1 with no gaps; a programming error otherwise.
    public func validated() -> [Migration] {
        for (index, migration) in enumerated() {
            precondition(migration.version == index + 1, "migration versions must run 1, 2, 3, ... without gaps")
        }
        return self
    }
}
