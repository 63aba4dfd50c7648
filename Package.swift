// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "recordsw",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "recordsw", targets: ["recordsw"]),
        .executable(name: "LocalInvoke", targets: ["LocalInvoke"]),
        .executable(name: "fake-trackmania", targets: ["fake-trackmania"]),
        .executable(name: "fake-push", targets: ["fake-push"]),
        .executable(name: "sigv4-vectors", targets: ["sigv4-vectors"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.10.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .target(
            name: "RecordsCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HandlerKit",
            dependencies: [
                "RecordsCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Storage",
            dependencies: [
                "RecordsCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("SQL")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TrackmaniaAPI",
            dependencies: [
                "RecordsCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FakeTrackmania",
            dependencies: [
                "RecordsCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The demo world travels with the binary, so `serve` runs from any directory.
            resources: [.copy("Resources/demo-world.json")],
            swiftSettings: swiftSettings
        ),
        // The demo Trackmania world the server runs against without credentials (`make run`): the one
        // place production code reaches the FakeTrackmania test service.
        .target(
            name: "DemoWorld",
            dependencies: [
                "FakeTrackmania", "TrackmaniaAPI",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HTTPAdapter",
            dependencies: [
                "HandlerKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RecordsApp",
            dependencies: [
                "RecordsCore", "HandlerKit", "HTTPAdapter", "Storage", "TrackmaniaAPI", "DemoWorld",
                "Mailer",
                "Push",
                "AWSClient",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Resources/openapi.json")],
            swiftSettings: swiftSettings,
            plugins: ["VersionStamp"]
        ),
        // AWS Signature Version 4 and the SQS client (map-search jobs on the Lambda deployment).
        .target(
            name: "AWSClient",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The Lambda Runtime API client and loop (no handler knowledge).
        .target(
            name: "LambdaRuntime",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The application on Lambda: event shapes into the one dispatcher, the scheduled tick, the SQS worker.
        .target(
            name: "RecordsLambda",
            dependencies: [
                "LambdaRuntime", "RecordsApp", "RecordsCore", "HandlerKit", "HTTPAdapter",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // A Lambda Runtime API over real HTTP on loopback, for tests and benchmarks; never linked into the server.
        .target(
            name: "LambdaRuntimeFake",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The runtime loop's warm overhead against calling the handler directly (docs/benchmarks.md).
        .executableTarget(
            name: "bench-lambda",
            dependencies: [
                "LambdaRuntime", "LambdaRuntimeFake", "RecordsLambda", "RecordsApp", "HandlerKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Prints Signature Version 4 results for requests read as JSON (scripts/aws-interop-test.sh
        // compares them with botocore's).
        .executableTarget(
            name: "sigv4-vectors",
            dependencies: ["AWSClient"],
            swiftSettings: swiftSettings
        ),
        // Bakes the version (`git describe`, or `RECORDSW_VERSION`) into `RecordsApp` at build time.
        .plugin(name: "VersionStamp", capability: .buildTool()),
        .target(
            name: "CCurlShim",
            linkerSettings: [.linkedLibrary("curl")]
        ),
        .target(
            name: "Mailer",
            dependencies: [
                "RecordsCore", "CCurlShim",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Fresh SQLite files and PostgreSQL databases for the storage and daily-run tests; never linked
        // into the server.
        .target(
            name: "StoreTestSupport",
            dependencies: [
                "Storage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/StoreTestSupport",
            swiftSettings: swiftSettings
        ),
        // Seeded hostile names and small HTML and Discord-markdown readers for the escaping property
        // tests; never linked into the server.
        .target(
            name: "HostileText",
            path: "Tests/HostileText",
            swiftSettings: swiftSettings
        ),
        // A real SMTP receiver on loopback for tests (ours and the daily run's); never linked into the server.
        .target(
            name: "SMTPTestServer",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Discord webhooks and ntfy topics over HTTP (the daily run's push phase, the preference page's tests).
        .target(
            name: "Push",
            dependencies: [
                "RecordsCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Fake Discord and ntfy over real HTTP on loopback, for tests, benchmarks and manual runs.
        .target(
            name: "PushTestServers",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Starts the fake push server with a transport pointed at it, for every test target that posts.
        .target(
            name: "PushTestSupport",
            dependencies: [
                "Push", "PushTestServers",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PushTestSupport",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "fake-push",
            dependencies: [
                "PushTestServers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FixtureKit",
            dependencies: [
                "RecordsCore", "HandlerKit", "RecordsApp", "Storage", "PushTestServers",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "recordsw",
            dependencies: [
                "RecordsCore", "HandlerKit", "Storage", "RecordsApp", "RecordsLambda", "LambdaRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "LocalInvoke",
            dependencies: [
                "RecordsCore", "HandlerKit", "FixtureKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "fake-trackmania",
            dependencies: [
                "FakeTrackmania",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bench-daily",
            dependencies: [
                "RecordsCore", "Storage", "TrackmaniaAPI", "FakeTrackmania",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bench-body",
            dependencies: [
                "HandlerKit", "RecordsCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "bench-hello",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HandlerKitTests",
            dependencies: [
                "HandlerKit", "RecordsCore", "FixtureKit", "RecordsApp", "Storage", "HostileText", "Mailer",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TrackmaniaAPITests",
            dependencies: [
                "TrackmaniaAPI", "FakeTrackmania", "RecordsCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StorageTests",
            dependencies: [
                "Storage", "StoreTestSupport", "RecordsCore", "HandlerKit", "TrackmaniaAPI", "FakeTrackmania",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MailerTests",
            dependencies: [
                "Mailer", "SMTPTestServer", "RecordsCore", "RecordsApp", "HostileText",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SecurityTests",
            dependencies: [
                "RecordsApp", "HTTPAdapter", "HandlerKit", "RecordsCore", "Storage", "StoreTestSupport",
                "FakeTrackmania", "FixtureKit",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DailyRunTests",
            dependencies: [
                "RecordsCore", "Storage", "StoreTestSupport", "TrackmaniaAPI", "FakeTrackmania", "HandlerKit",
                "RecordsApp",
                "Mailer", "SMTPTestServer",
                "Push", "PushTestServers", "PushTestSupport", "HostileText",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WatchingTests",
            dependencies: [
                "RecordsCore", "Storage", "StoreTestSupport", "RecordsApp", "HandlerKit", "TrackmaniaAPI", "Push",
                "PushTestServers", "PushTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MetricsTests",
            dependencies: [
                "RecordsApp", "HandlerKit", "RecordsCore", "FixtureKit",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PushTests",
            dependencies: [
                "Push", "PushTestServers", "PushTestSupport", "RecordsCore", "RecordsApp", "HostileText",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LambdaTests",
            dependencies: [
                "LambdaRuntime", "RecordsLambda", "AWSClient", "RecordsApp", "HTTPAdapter", "HandlerKit", "RecordsCore",
                "FixtureKit", "PushTestServers", "Storage", "StoreTestSupport", "LambdaRuntimeFake",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "HTTPAdapterTests",
            dependencies: [
                "HTTPAdapter", "HandlerKit", "RecordsCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            // A small built single-page app for FRONTEND_DIR (also served to Chromium by scripts/browser-test.sh).
            resources: [.copy("BuiltApp")],
            swiftSettings: swiftSettings
        ),
    ]
)
