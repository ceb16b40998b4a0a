/// `setboard roster override|swap|leave`: one journal event each, refused for anyone but the roster's leads and admins.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardJournal

extension RosterGroup {
    /// "Mon 2026-11-30 09:00 – Mon 2026-12-07 09:00 Europe/Berlin".
    static func span(_ from: Int64, _ to: Int64, zone: any ZoneRules) -> String {
        RosterClock.localText(from, in: zone) + " – " + RosterClock.localText(to, in: zone) + " " + zone.identifier
    }

    struct Override: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "override", abstract: "Have someone cover a role for a time range.")
        @OptionGroup var options: BoardOptions
        @Option(help: "primary, backup or lead.") var role: OnCallRole
        @Option(help: "Who covers.") var handle: String
        @Option(help: ArgumentHelp("Start (e.g. 2026-12-24T09:00 on the roster's clock).", valueName: "time")) var from: String
        @Option(help: ArgumentHelp("End, exclusive.", valueName: "time")) var to: String
        @Option(help: "Only on this shift (default: whichever shift is on).") var shift: String?

        func run() throws {
            try reportingFailures {
                let session = try Session(options)
                let zone = RosterGroup.clockZone(try RosterGroup.roster(session))
                let o = RosterOverride(role: role, handle: handle,
                                       from: try RosterGroup.instant(from, option: "--from", zone: zone),
                                       to: try RosterGroup.instant(to, option: "--to", zone: zone), shift: shift)
                try session.store.perform(.override(o), actor: session.actor, now: session.now)
                print("@\(TextSafety.escaped(handle)) covers \(role.rawValue)" + (shift.map { " on \(TextSafety.escaped($0))" } ?? "")
                      + ": " + RosterGroup.span(o.from, o.to, zone: zone))
            }
        }
    }

    struct Swap: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "swap", abstract: "Two people trade every duty they hold for a week or a time range.")
        @OptionGroup var options: BoardOptions
        @Argument(help: "One handle.") var first: String
        @Argument(help: "The other handle.") var second: String
        @Option(help: ArgumentHelp("The rotation week holding this date (hand-off to hand-off).", valueName: "date")) var week: String?
        @Option(help: ArgumentHelp("Start of a time range instead of --week.", valueName: "time")) var from: String?
        @Option(help: ArgumentHelp("End of the time range, exclusive.", valueName: "time")) var to: String?

        func validate() throws {
            guard (week != nil) != (from != nil || to != nil) else { throw ValidationError("give --week DATE, or --from and --to") }
            if week == nil && (from == nil || to == nil) { throw ValidationError("--from and --to go together") }
        }

        func run() throws {
            try reportingFailures {
                let session = try Session(options)
                let roster = try RosterGroup.roster(session)
                let zone = RosterGroup.clockZone(roster)
                let range: (Int64, Int64)
                if let week {
                    guard let day = RosterClock.day(week) else { throw CLIFailure("--week \(TextSafety.escaped(week)) is not a date such as 2026-11-30") }
                    // The date at the hand-off time, so naming the hand-off Monday picks the week that starts there.
                    let handoff = Int64(roster.definition?.rotations.first?.handoff.minute ?? 0) * WorkingTime.minuteMs
                    let probe = RosterClock.instant(wall: day * WorkingTime.dayMs + handoff, in: zone)
                    guard let w = roster.schedule(from: probe, weeks: 1, zones: hostZones).first else {
                        throw CLIFailure("no rotation is in force in the week of \(week)")
                    }
                    range = (w.start, w.end)
                } else {
                    range = (try RosterGroup.instant(from ?? "", option: "--from", zone: zone),
                             try RosterGroup.instant(to ?? "", option: "--to", zone: zone))
                }
                try session.store.perform(.swap(RosterSwap(first: first, second: second, from: range.0, to: range.1)),
                                          actor: session.actor, now: session.now)
                print("@\(TextSafety.escaped(first)) and @\(TextSafety.escaped(second)) swap duties: "
                      + RosterGroup.span(range.0, range.1, zone: zone))
            }
        }
    }

    struct Leave: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "leave",
            abstract: "Record that someone is away; their shifts show as needing cover until an override covers them.")
        @OptionGroup var options: BoardOptions
        @Argument(help: "Who is away.") var handle: String
        @Option(help: ArgumentHelp("First day away (or a time), on their own clock.", valueName: "date")) var from: String
        @Option(help: ArgumentHelp("Last day away, included (or an exclusive end time).", valueName: "date")) var to: String

        func run() throws {
            try reportingFailures {
                let session = try Session(options)
                let roster = try RosterGroup.roster(session)
                // Days away are the person's own days, not the rotation's.
                let zone = roster.definition?.engineer(handle).flatMap { hostZones.rules(for: $0.zone) } ?? RosterGroup.clockZone(roster)
                let l = RosterLeave(handle: handle, from: try RosterGroup.instant(from, option: "--from", zone: zone),
                                    to: try RosterGroup.instant(to, option: "--to", zone: zone, endOfDay: true))
                try session.store.perform(.leave(l), actor: session.actor, now: session.now)
                print("@\(TextSafety.escaped(handle)) is on leave: " + RosterGroup.span(l.from, l.to, zone: zone))
            }
        }
    }
}
