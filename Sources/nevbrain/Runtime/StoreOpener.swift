import ArgumentParser
import Foundation
import Identity
import Logging
import Model
import PostgresStore
import SQLiteStore
import Store

/// Opens the store a `--store` location names.
enum StoreOpener {
    static func open(_ text: String, logger: Logger) throws -> any PlatformStore {
        switch try StoreLocation(parsing: text) {
        case .sqlite(let path):
            return try SQLiteStore(path: path)
        case .postgres(let location):
            return PostgresStore(location: location, logger: logger)
        }
    }
}
