import Model
import Store

/// Turns stored text back into model values, refusing rows a bug or a hand edit corrupted
/// (the same rules as `SQLiteStore`'s decoding).
enum PostgresDecode {
    static func role(_ text: String) throws -> Role {
        guard let role = Role(rawValue: text) else { throw StoreError(.engine, "unknown role \(text) in store") }
        return role
    }

    static func city(_ text: String?) throws -> City? {
        guard let text else { return nil }
        guard let city = City(rawValue: text) else { throw StoreError(.engine, "unknown city \(text) in store") }
        return city
    }

    static func enterprise(_ text: String?) throws -> EnterpriseID? {
        guard let text else { return nil }
        guard let id = EnterpriseID(rawValue: text) else {
            throw StoreError(.engine, "bad enterprise id \(text) in store")
        }
        return id
    }
}
