// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "devhub",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "devhub", targets: ["devhub"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Webhook deliveries connect to the address the SSRF check approved while TLS still checks the host name
        // (`dnsOverride`), which URLSession cannot do; already built for HummingbirdTesting.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // System libraries (Debian packages; see Makefile `deps`).
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(
            name: "CArgon2",
            pkgConfig: "libargon2",
            providers: [.apt(["libargon2-dev"])]
        ),
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        // glibc's DNS resolver (libresolv, in libc6-dev): custom domains are proven by CNAME or TXT records.
        .systemLibrary(name: "CResolv"),

        // Domain values and pure rules.
        .target(name: "DevhubCore"),
        // Profile files and site settings: YAML front matter in, validated Core values out.
        .target(name: "DevhubContent", dependencies: [
            "DevhubCore",
            .product(name: "Yams", package: "Yams"),
        ]),
        // The database: migrations, records, queries.
        .target(name: "DevhubStore", dependencies: [
            "DevhubCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The static-site generator. Never imports GRDB or Hummingbird.
        .target(name: "DevhubSite", dependencies: [
            "DevhubCore", "CCmarkGFM", "CQRencode",
            .product(name: "Mustache", package: "swift-mustache"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // `devhub publish`: the output folder to a Bunny Storage zone, then CDN purges (FoundationNetworking).
        .target(name: "DevhubPublish", dependencies: [
            "DevhubCore", "DevhubStore",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The `devhub` command-line client of the companion server's REST API (URLSession, bearer API keys).
        .target(name: "DevhubClient", dependencies: ["DevhubCore", "DevhubSite"]),
        // The companion server.
        .target(name: "DevhubServer", dependencies: [
            "DevhubCore", "DevhubStore", "DevhubSite", "DevhubPublish", "CArgon2", "CResolv",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "CoreMetrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ], resources: [.copy("openapi.yaml")]),
        // The CLI: the composition root.
        .executableTarget(name: "devhub", dependencies: [
            "DevhubCore", "DevhubContent", "DevhubStore", "DevhubSite", "DevhubServer", "DevhubPublish", "DevhubClient",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),

        .testTarget(name: "DevhubCoreTests", dependencies: ["DevhubCore", "DevhubContent"]),
        .testTarget(name: "DevhubSiteTests", dependencies: ["DevhubSite", "DevhubStore", "DevhubCore"]),
        .testTarget(name: "DevhubServerTests", dependencies: [
            "DevhubServer", "DevhubStore", "DevhubSite", "DevhubCore", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "DevhubEndToEndTests", dependencies: ["DevhubCore"]),
        .testTarget(name: "DevhubClientTests", dependencies: ["DevhubClient", "DevhubCore"]),
    ]
)
