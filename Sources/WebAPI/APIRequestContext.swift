import Foundation
public import Hummingbird
import Identity
import Logging
public import Model
import NIOCore
import Store

/// Per-request state: Hummingbird's core storage plus who is calling.
public struct APIRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AuthenticationMiddleware`; `.anonymous` when no token was presented.
    public var principal: Principal = .anonymous
    /// The id of the token that authenticated this request, if any.
    public var tokenID: String?

    public init(source: Source) {
        self.coreContext = .init(source: source)
    }

    /// Requests larger than this are refused before they are read (1 MiB is ample for this API).
    public var maxUploadSize: Int { 1 << 20 }
}
