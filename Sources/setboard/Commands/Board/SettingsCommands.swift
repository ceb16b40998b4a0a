/// `setboard settings [show] | set tier-order | set stuck`: the board rules every user shares (rule order, stuck limits).
import ArgumentParser
import Foundation
import SetBoardCore

struct SettingsGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Show or change the board's tier order and stuck limits.",
        discussion: """
            A card is stuck after more working days (Mon–Fri) without an event than its limit. A column may have a
            limit and so may a level; where both apply the stricter (smaller) one counts, so an L1 card can be stuck
            sooner than an L4 in the same column. A column without a limit never makes its cards stuck.
            Once the board has a roster, only its leads and admins may change the settings.
            """,
        subcommands: [Show.self, Set.self],
        defaultSubcommand: Show.self
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the board's settings.")
        @OptionGroup var options: BoardOptions
        func run() throws {
            try reportingFailures {
                let session = try Session(options, reading: true)
                print(SettingsGroup.text(session.state.settings), terminator: "")
            }
        }
    }

    static func text(_ s: BoardSettings) -> String {
        var out = "tier order: " + s.tierOrder.map(\.rawValue).joined(separator: ", ") + "\n"
        out += "stuck limits (working days without an event; the stricter of column and level applies):\n"
        for column in Column.allCases {
            out += "  column " + TextReports.pad(column.rawValue, 12) + " " + (s.stuckLimits[column].map { "\($0)d" } ?? "off") + "\n"
        }
        for level in Level.allCases {
            out += "  level  " + TextReports.pad(level.rawValue, 12) + " " + (s.levelStuckLimits[level].map { "\($0)d" } ?? "-") + "\n"
        }
        return out
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Change the tier order or a stuck limit.",
            subcommands: [TierOrder.self, Stuck.self])
    }

    struct TierOrder: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tier-order", abstract: "Set the order of tiers in TO DO.",
            discussion: "Tiers left out follow in their default order, e.g. `setboard settings set tier-order customer,escalation`.")
        @OptionGroup var options: BoardOptions
        @Argument(help: ArgumentHelp("Tiers, comma-separated, first ranked highest (\(Tier.allCases.map(\.rawValue).joined(separator: ", "))).",
                                     valueName: "tiers"))
        var tiers: String
        func run() throws {
            try reportingFailures {
                var order: [Tier] = []
                for word in tiers.split(separator: ",", omittingEmptySubsequences: false) {
                    let name = String(word).trimmingCharacters(in: .whitespaces).lowercased()
                    guard let tier = Tier(rawValue: name) else {
                        throw CLIFailure("\"\(TextSafety.escaped(String(word)))\" is not a tier: use \(Tier.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    guard !order.contains(tier) else { throw CLIFailure("\(tier.rawValue) is named twice") }
                    order.append(tier)
                }
                let session = try Session(options)
                try session.performAsEditor(.changeSettings(tierOrder: order, stuckLimits: nil), changing: "the settings")
                print("tier order: " + session.state.settings.tierOrder.map(\.rawValue).joined(separator: ", "))
            }
        }
    }

    struct Stuck: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stuck", abstract: "Set the stuck limit of a column or of a level.",
            discussion: """
                Examples:
                  setboard settings set stuck --column in-progress 3d
                  setboard settings set stuck --level L1 1d
                  setboard settings set stuck --level L4 off   (L4 then follows its column's limit)
                """)
        @OptionGroup var options: BoardOptions
        @Option(help: "The column: \(Column.allCases.map(\.rawValue).joined(separator: ", ")).") var column: String?
        @Option(help: "The level: L1, L2, L3 or L4.") var level: String?
        @Argument(help: ArgumentHelp("Working days, as 3d or 3 (1 to \(ValidRange.stuckLimitDays.upperBound)), or off.", valueName: "limit"))
        var limit: String
        func run() throws {
            try reportingFailures {
                let days = try Stuck.days(limit)
                let session: Session
                switch (column, level) {
                case let (c?, nil):
                    guard let col = Column(text: c) else {
                        throw CLIFailure("\"\(TextSafety.escaped(c))\" is not a column: use \(Column.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    session = try Session(options)
                    var limits = session.state.settings.stuckLimits
                    limits[col] = days
                    try session.performAsEditor(.changeSettings(tierOrder: nil, stuckLimits: limits), changing: "the settings")
                    print("stuck limit of \(col.rawValue): " + (days.map { "\($0) working days" } ?? "off"))
                case let (nil, l?):
                    guard let lvl = Level(text: l) else { throw CLIFailure("\"\(TextSafety.escaped(l))\" is not a level: use L1, L2, L3 or L4") }
                    session = try Session(options)
                    var limits = session.state.settings.levelStuckLimits
                    limits[lvl] = days
                    try session.performAsEditor(.changeSettings(tierOrder: nil, stuckLimits: nil, levelStuckLimits: limits),
                                                changing: "the settings")
                    print("stuck limit of \(lvl.rawValue): " + (days.map { "\($0) working days" } ?? "off (its column's limit applies)"))
                default:
                    throw CLIFailure("name exactly one of --column and --level")
                }
            }
        }

        /// "3d", "3" or "off" (nil); anything else is refused with the range.
        static func days(_ text: String) throws -> Int? {
            let t = text.trimmingCharacters(in: .whitespaces).lowercased()
            if t == "off" { return nil }
            let digits = t.hasSuffix("d") ? String(t.dropLast()) : t
            guard let n = Int(digits), ValidRange.stuckLimitDays.contains(Int64(n)) else {
                throw CLIFailure("\"\(TextSafety.escaped(text))\" is not a stuck limit: use 1d to \(ValidRange.stuckLimitDays.upperBound)d, or off")
            }
            return n
        }
    }
}
