import GBT32960
public import NIOCore
import NIOPosix
public import NIOSSL
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The GB/T 32960 TCP listener: both editions on one port, one `GatewayHandler` per connection.
public enum GatewayServer {
    /// Binds `host:port` (port 0 picks a free one) and serves until `shutdown()`; with `tls`, every connection
    /// must start with a TLS handshake (GB/T 32960 then runs inside it).
    public static func bind(
        host: String, port: Int, idleTimeout: TimeAmount = .seconds(180), services: GatewayServices,
        tls: NIOSSLContext? = nil, reusePort: Bool = false,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> GatewayListener {
        let connections = GatewayListener.Connections()
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // Several processes on one port (`gateway-reuse-port`): the kernel spreads new connections among them.
            .serverChannelOption(.socketOption(NIOBSDSocket.Option(rawValue: SO_REUSEPORT)), value: reusePort ? 1 : 0)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                connections.add(channel)
                return channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    }
                    try channel.pipeline.syncOperations.addHandlers([
                        IdleStateHandler(readTimeout: idleTimeout),
                        ByteToMessageHandler(GBT32960FrameDecoder(maxFrameLength: services.maxFrameLength)),
                        GatewayHandler(services: services),
                    ])
                }
            }
            .bind(host: host, port: port).get()
        return GatewayListener(server: server, connections: connections)
    }
}

/// A bound gateway: its port, and a shutdown that stops accepting and closes every connection.
public struct GatewayListener: Sendable {
    /// The open connections, so shutdown can close them before the telemetry queue's last drain.
    final class Connections: Sendable {
        private let open = Mutex<[ObjectIdentifier: any Channel]>([:])

        func add(_ channel: any Channel) {
            let id = ObjectIdentifier(channel)
            open.withLock { $0[id] = channel }
            channel.closeFuture.whenComplete { _ in _ = self.open.withLock { $0.removeValue(forKey: id) } }
        }

        var all: [any Channel] { open.withLock { Array($0.values) } }
        var count: Int { open.withLock { $0.count } }
    }

    let server: any Channel
    let connections: Connections

    /// The port it listens on.
    public var port: Int { server.localAddress?.port ?? 0 }

    /// Connections open now.
    public var connectionCount: Int { connections.count }

    /// Stops accepting and closes every connection; frames already read have been handed to the writer.
    public func shutdown() async {
        try? await server.close()
        for channel in connections.all {
            try? await channel.close()
        }
    }
}
