import GBT32960
public import NIOCore
import NIOPosix

/// The GB/T 32960 TCP listener: both editions on one port, one `GatewayHandler` per connection.
public enum GatewayServer {
    /// Binds `host:port` (port 0 picks a free one) and serves until the returned channel is closed.
    public static func bind(
        host: String, port: Int, idleTimeout: TimeAmount = .seconds(180), services: GatewayServices,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> any Channel {
        try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        IdleStateHandler(readTimeout: idleTimeout),
                        ByteToMessageHandler(GBT32960FrameDecoder(maxFrameLength: services.maxFrameLength)),
                        GatewayHandler(services: services),
                    ])
                }
            }
            .bind(host: host, port: port).get()
    }
}
