import Crypto
import Foundation
import _CryptoExtras

/// The cryptography of T/CEC 102.4: `Data` is Base64 of AES-128-CBC with PKCS#5/7 padding under `DataSecret`
/// and `DataSecretIV`; `Sig` is the uppercase hex HMAC-MD5 under `SigSecret` of the concatenated fields.
public struct TCECCipher: Sendable {
    private let key: SymmetricKey
    private let iv: AES._CBC.IV
    private let sigKey: SymmetricKey

    public init(_ secrets: TCECSecrets) {
        key = SymmetricKey(data: Data(secrets.dataSecret.utf8))
        guard let iv = try? AES._CBC.IV(ivBytes: Array(secrets.dataSecretIV.utf8)) else {
            preconditionFailure("TCECSecrets admits only 16-byte IVs")
        }
        self.iv = iv
        sigKey = SymmetricKey(data: Data(secrets.sigSecret.utf8))
    }

    /// `Data` for a JSON payload.
    public func encrypt(_ plaintext: some DataProtocol) throws(TCECError) -> String {
        do {
            return try AES._CBC.encrypt(plaintext, using: key, iv: iv).base64EncodedString()
        } catch {
            throw .system("AES-128-CBC encryption failed: \(error)")
        }
    }

    /// The JSON payload inside `Data`.
    public func decrypt(_ data: String) throws(TCECError) -> Data {
        guard let ciphertext = Data(base64Encoded: data) else { throw .postParameter("Data: not Base64") }
        guard !ciphertext.isEmpty, ciphertext.count % 16 == 0 else {
            throw .postParameter("Data: length is not a whole number of AES blocks")
        }
        do {
            return try AES._CBC.decrypt(ciphertext, using: key, iv: iv)
        } catch {
            throw .postParameter("Data: does not decrypt with this operator's DataSecret (bad padding)")
        }
    }

    /// Uppercase hex HMAC-MD5 of `text`.
    public func sign(_ text: String) -> String {
        let mac = HMAC<Insecure.MD5>.authenticationCode(for: Data(text.utf8), using: sigKey)
        return mac.map { String(format: "%02X", $0) }.joined()
    }

    /// Whether `signature` signs `text`: constant time, and case-insensitive because some operators send lowercase.
    public func verify(_ signature: String, of text: String) -> Bool {
        let expected = Array(sign(text).utf8)
        let given = Array(signature.uppercased().utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
