// swift-tools-version:6.2
import PackageDescription

// Layers point down only (see README "Architecture"):
// nevbrain (CLI) -> WebAPI -> Identity -> Store protocols <- SQLiteStore / PostgresStore; everything -> Model.
let package = Package(
    name: "nevbrain",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "nevbrain", targets: ["nevbrain"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "Model",
            swiftSettings: strict
        ),
        .target(
            name: "Charging",
            dependencies: ["Model"],
            swiftSettings: strict
        ),
        .target(
            name: "Store",
            dependencies: ["Model", "Industry", "Charging"],
            swiftSettings: strict
        ),
        .target(
            name: "SQLiteStore",
            dependencies: [
                "Model", "Store", "Industry", "Charging",
                // SQLiteNIO vendors SQLite (as VaporCSQLite, symbols prefixed sqlite_nio_); we drive its C API
                // directly so a whole batch runs in one thread hop with reused prepared statements.
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PostgresStore",
            dependencies: [
                "Model", "Store", "Industry", "Charging",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Identity",
            dependencies: [
                "Model", "Store",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "GBT32960",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict
        ),
        .target(
            name: "Telemetry",
            dependencies: [
                "Model", "Store", "GBT32960",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Safety",
            dependencies: ["Model", "Store", "GBT32960", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "Webhooks",
            dependencies: [
                "Model", "Store",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Industry",
            dependencies: ["Model"],
            swiftSettings: strict
        ),
        .target(
            name: "Reports",
            dependencies: ["Model", "Store", "Industry", "Charging"],
            swiftSettings: strict
        ),
        .target(
            name: "DemoData",
            dependencies: ["Model", "Store", "Industry"],
            swiftSettings: strict
        ),
        .target(
            name: "TCEC",
            dependencies: [
                "Model",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                // AES-CBC: swift-crypto keeps the non-AEAD modes out of its main module.
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // OCPP 1.6J: the codec (frames, messages, schemas; pure, no I/O) and the central system that answers charge
        // points and persists through Store. Split so the codec stays free of storage, like GBT32960.
        .target(
            name: "OCPP",
            swiftSettings: strict
        ),
        .target(
            name: "OCPPCentral",
            dependencies: ["Model", "Store", "OCPP", "Charging", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "Simulator",
            dependencies: [
                "Model", "GBT32960",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "WebAPI",
            dependencies: [
                "Model", "Store", "Identity", "Safety", "Webhooks", "TCEC", "Industry", "Reports", "Charging",
                "OCPP", "OCPPCentral",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "nevbrain",
            dependencies: [
                "Model", "Store", "SQLiteStore", "PostgresStore", "Identity", "WebAPI", "GBT32960", "Telemetry",
                "Simulator", "Safety", "Webhooks", "Industry", "DemoData", "Reports", "Charging", "OCPP", "OCPPCentral",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "ModelTests", dependencies: ["Model"], swiftSettings: strict),
        .testTarget(
            name: "OCPPTests",
            dependencies: [
                "OCPP", "OCPPCentral", "Model", "Store", "SQLiteStore", "Charging",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "ChargingTests", dependencies: ["Charging", "Model"], swiftSettings: strict),
        .testTarget(name: "IndustryTests", dependencies: ["Industry"], swiftSettings: strict),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "DemoData", "Industry", "Model", "Store", "SQLiteStore"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TCECTests",
            dependencies: [
                "TCEC",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WebhooksTests",
            dependencies: [
                "Webhooks", "Model", "Store", "SQLiteStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SafetyTests",
            dependencies: [
                "Safety", "Simulator", "GBT32960", "Model", "Store", "SQLiteStore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GBT32960Tests",
            dependencies: [
                "GBT32960",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOTestUtils", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "TelemetryTests",
            dependencies: [
                // Identity only for the real bcrypt hasher behind StorePlatformAuthenticator in the tests.
                "Telemetry", "GBT32960", "Model", "Store", "SQLiteStore", "Identity",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SimulatorTests",
            dependencies: [
                "Simulator", "Telemetry", "SQLiteStore", "Store", "Model", "GBT32960",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Model", "Store", "Charging", "SQLiteStore", "PostgresStore", "Industry"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IdentityTests",
            dependencies: ["Model", "Store", "SQLiteStore", "Identity"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WebAPITests",
            dependencies: [
                "Model", "Store", "SQLiteStore", "Identity", "WebAPI", "TCEC", "Charging", "OCPP", "OCPPCentral",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)

/// Swift 6 mode is the package default; these keep imports honest.
var strict: [SwiftSetting] {
    [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
    ]
}
