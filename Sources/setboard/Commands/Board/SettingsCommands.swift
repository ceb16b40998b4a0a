/// `setboard settings [show] | set tier-order | set stuck | set target`: the board rules every user shares (rule
/// order, stuck limits, response-clock targets).
import ArgumentParser
import Foundation
import SetBoardCore

struct SettingsGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settings",
        abstract: "Show or change the board's tier order, stuck limits and response-clock targets.",
        discussion: """
            A card is stuck after more working days (Mon–Fri) without an event than its limit. A column may have a \
            limit and so may a level; where both apply the stricter (smaller) one counts, so an L1 card can be stuck \
            sooner than an L4 in the same column. A column without a limit never makes its cards stuck.

            Response clocks run from a ticket's creation, in wall-clock hours, per tier and level: time to assign \
            (until someone has it), time to first update (until it leaves TO DO) and time to resolve or hand over \
            (until DONE or HANDED OVER). A card past a target is breached (`list --breached`, `/breached`).

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
        out += "response-clock targets (wall-clock hours from creation; - none):\n"
        func row(_ cells: [String]) -> String {
            var line = "  " + TextReports.pad(cells[0], 11) + TextReports.pad(cells[1], 6)
            line += cells.dropFirst(2).map { TextReports.pad($0, 9) }.joined()
            return String(line.reversed().drop { $0 == " " }.reversed()) + "\n"
        }
        out += row(["tier", "level"] + ClockKind.allCases.map(\.rawValue))
        for tier in Tier.allCases {
            for level in Level.allCases {
                let cells = ClockKind.allCases.map { s.responseTargets.hours($0, tier: tier, level: level) }
                guard cells.contains(where: { $0 != nil }) else { continue }
                out += row([tier.rawValue, level.rawValue] + cells.map { $0.map { "\($0)h" } ?? "-" })
            }
        }
        out += "  (other tiers and levels: no clock; `settings set target` adds one)\n"
        return out
    }

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Change the tier order or a stuck limit.",
            subcommands: [TierOrder.self, Stuck.self, Target.self])
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

    struct Target: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "target", abstract: "Set or remove a response-clock target of a tier and level.",
            discussion: """
                Clocks: assign (time to assign), update (time to first update: until the card leaves TO DO), \
                resolve (time to resolve or hand over). Examples:
                  setboard settings set target assign --tier community --level L1 1h
                  setboard settings set target resolve --tier hotfix --level L2 5d
                  setboard settings set target update --tier release --level L1 off
                """)
        @OptionGroup var options: BoardOptions
        @Argument(help: ArgumentHelp("The clock: assign, update or resolve.", valueName: "clock")) var clock: String
        @Option(help: "The tier: \(Tier.allCases.map(\.rawValue).joined(separator: ", ")).") var tier: String
        @Option(help: "The level: L1, L2, L3 or L4.") var level: String
        @Argument(help: ArgumentHelp("Hours as 4h or 4, days as 3d (1h to \(ValidRange.clockTargetHours.upperBound)h), or off.", valueName: "target"))
        var target: String
        func run() throws {
            try reportingFailures {
                guard let kind = ClockKind(text: clock) else {
                    throw CLIFailure("\"\(TextSafety.escaped(clock))\" is not a clock: use assign, update or resolve")
                }
                guard let t = Tier(rawValue: tier.lowercased()) else {
                    throw CLIFailure("\"\(TextSafety.escaped(tier))\" is not a tier: use \(Tier.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard let l = Level(text: level) else { throw CLIFailure("\"\(TextSafety.escaped(level))\" is not a level: use L1, L2, L3 or L4") }
                let hours = try Target.hours(target)
                let session = try Session(options)
                try session.performAsEditor(.setClockTarget(clock: kind, tier: t, level: l, hours: hours), changing: "the settings")
                print("\(kind.title) of \(l.rawValue) \(t.rawValue): " + (hours.map { "\($0) h" } ?? "off"))
            }
        }

        /// "4h", "4" (hours), "3d" (days) or "off" (nil); anything else is refused with the range.
        static func hours(_ text: String) throws -> Int? {
            let t = text.trimmingCharacters(in: .whitespaces).lowercased()
            if t == "off" { return nil }
            let value: Int?
            if t.hasSuffix("d") {
                value = Int(t.dropLast()).flatMap { $0.multipliedReportingOverflow(by: 24).overflow ? nil : $0 * 24 }
            } else {
                value = Int(t.hasSuffix("h") ? String(t.dropLast()) : t)
            }
            guard let n = value, ValidRange.clockTargetHours.contains(Int64(n)) else {
                throw CLIFailure("\"\(TextSafety.escaped(text))\" is not a target: use 1h to \(ValidRange.clockTargetHours.upperBound)h (or days as 3d), or off")
            }
            return n
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
