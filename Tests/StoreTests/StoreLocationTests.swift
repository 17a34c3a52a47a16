import Store
import Testing

@Suite("Store locations")
struct StoreLocationTests {
    @Test func sqlitePaths() throws {
        #expect(
            try StoreLocation(parsing: "sqlite:./nevbrain-data/nevbrain.sqlite")
                == .sqlite(path: "./nevbrain-data/nevbrain.sqlite"))
        #expect(try StoreLocation(parsing: "sqlite:///tmp/x.sqlite") == .sqlite(path: "/tmp/x.sqlite"))
        #expect(throws: StoreError.self) { try StoreLocation(parsing: "sqlite:") }
        #expect(throws: StoreError.self) { try StoreLocation(parsing: "mysql://x") }
    }

    @Test func postgresURLs() throws {
        let full = try PostgresLocation(url: "postgres://nev%40brain:p%3Ass@db.example:6543/nevbrain?sslmode=require")
        #expect(full.user == "nev@brain")
        #expect(full.password == "p:ss")
        #expect(full.host == "db.example")
        #expect(full.port == 6543)
        #expect(full.database == "nevbrain")
        #expect(full.requireTLS)
        let bare = try PostgresLocation(url: "postgresql://postgres@127.0.0.1/")
        #expect(bare.port == 5432 && bare.database == "postgres" && bare.password == nil && !bare.requireTLS)
        #expect(throws: StoreError.self) { try PostgresLocation(url: "postgres://h:99999/db") }
        #expect(
            "\(try StoreLocation(parsing: "postgres://u:secret@h/db"))".contains("secret") == false,
            "passwords stay out of logs")
    }
}
