/// The four secrets two T/CEC 102 parties agree on for one direction of calls (102.4 §5).
///
/// When an operator calls the platform it uses secrets the platform issued to it; when the platform pulls from
/// the operator it uses secrets the operator issued. Both sets are kept per operator (`TCECAccount`).
public struct TCECSecrets: Sendable, Hashable, Codable {
    /// Proves the caller in `query_token`.
    public let operatorSecret: String
    /// AES-128 key of `Data`: exactly 16 ASCII characters.
    public let dataSecret: String
    /// AES-CBC initialisation vector: exactly 16 ASCII characters.
    public let dataSecretIV: String
    /// HMAC-MD5 key of `Sig`.
    public let sigSecret: String

    /// Checks the lengths the cipher needs, naming the field that is wrong.
    public init(operatorSecret: String, dataSecret: String, dataSecretIV: String, sigSecret: String) throws(TCECError) {
        guard !operatorSecret.isEmpty else { throw .businessParameter("OperatorSecret: must not be empty") }
        guard dataSecret.utf8.count == 16, dataSecret.allSatisfy(\.isASCII) else {
            throw .businessParameter("DataSecret: must be 16 ASCII characters (AES-128 key)")
        }
        guard dataSecretIV.utf8.count == 16, dataSecretIV.allSatisfy(\.isASCII) else {
            throw .businessParameter("DataSecretIV: must be 16 ASCII characters (AES-CBC IV)")
        }
        guard !sigSecret.isEmpty else { throw .businessParameter("SigSecret: must not be empty") }
        self.init(checked: (operatorSecret, dataSecret, dataSecretIV, sigSecret))
    }

    /// Secrets already known to be of the right lengths.
    private init(checked secrets: (operatorSecret: String, dataSecret: String, dataSecretIV: String, sigSecret: String))
    {
        let (operatorSecret, dataSecret, dataSecretIV, sigSecret) = secrets
        self.operatorSecret = operatorSecret
        self.dataSecret = dataSecret
        self.dataSecretIV = dataSecretIV
        self.sigSecret = sigSecret
    }

    /// A fresh random set, for issuing to a new operator.
    public static func random() -> TCECSecrets {
        func token(_ count: Int) -> String {
            let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789")
            var generator = SystemRandomNumberGenerator()
            return String((0..<count).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
        }
        // 16 ASCII characters each: the lengths the checking initialiser asks for.
        return TCECSecrets(checked: (token(16), token(16), token(16), token(16)))
    }
}
