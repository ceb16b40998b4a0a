// swift-tools-version:6.0
// setboard: a terminal Kanban board for a Sustained Engineering Team, over ncursesw and an append-only journal.
import PackageDescription

let package = Package(
    name: "setboard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "setboard", targets: ["setboard"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // The HTTP server of `watch --listen` (Alertmanager's webhook). SwiftNIO, not FlyingFox: FlyingFox's proxy
        // handler imports FoundationNetworking, which links libcurl and its ~30 libraries into every start of the
        // binary (8 ms of a 12 ms `--version`; the first frame from a snapshot at 50,000 tickets 17 → 9 ms).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Jira's CSV export (repeated column names kept as rows of fields) and `export csv`'s quoting.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        .target(name: "SetBoardCore"),
        // The C library's memmem, which Swift's Glibc module hides behind _GNU_SOURCE.
        .target(name: "CSearch"),
        .target(name: "SetBoardJournal", dependencies: ["SetBoardCore", "CSearch"]),
        .target(name: "SetBoardUI", dependencies: ["SetBoardCore", .product(name: "Yams", package: "Yams")]),
        // The YAML files a user writes (roster, routing, config), read apart from the commands so tests can fuzz them.
        .target(name: "SetBoardFiles", dependencies: ["SetBoardCore", "SetBoardUI", .product(name: "Yams", package: "Yams"),
                                                    .product(name: "CSV", package: "CSV.swift")]),
        .systemLibrary(name: "CNcurses", path: "Sources/CNcurses"),
        // Keys, signals and grids on a real terminal; it knows nothing of boards or journals.
        .target(name: "SetBoardTerminal", dependencies: ["CNcurses", "SetBoardUI"]),
        // The app layer: the screens' model wired to the journal (driver, session, history source), no terminal.
        .target(name: "SetBoardApp", dependencies: ["SetBoardCore", "SetBoardJournal", "SetBoardUI"]),
        .executableTarget(
            name: "setboard",
            dependencies: [
                "SetBoardCore", "SetBoardJournal", "SetBoardUI", "SetBoardApp", "SetBoardTerminal", "SetBoardFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "SetBoardCoreTests",
            dependencies: [
                "SetBoardCore",
                // The snapshot round-trip properties replay Core's random sessions through the journal's codec.
                "SetBoardJournal",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "SetBoardJournalTests", dependencies: ["SetBoardJournal", "SetBoardCore"]),
        .testTarget(name: "SetBoardUITests", dependencies: ["SetBoardUI", "SetBoardCore", "SetBoardJournal", "SetBoardApp"]),
        .testTarget(name: "SetBoardCLITests", dependencies: ["SetBoardCore", "SetBoardJournal"], exclude: ["Fixtures"]),
        .testTarget(name: "SetBoardFuzzTests", dependencies: ["SetBoardCore", "SetBoardJournal", "SetBoardUI", "SetBoardFiles"]),
        .testTarget(name: "SetBoardEndToEndTests", dependencies: ["SetBoardCore", "SetBoardJournal"]),
    ],
    swiftLanguageModes: [.v6]
)
