// `--at TIME` for the reading commands: the user's zone, the TIME parser, and a session over the board as it was.
import Foundation
import SetBoardCore
import SetBoardJournal

/// The zone the user reads times in: `TZ` when it names a region this host knows, else the host's zone, else UTC.
enum UserZone {
    static func current() -> any ZoneRules {
        let zones = HostTimeZones()
        if var tz = BoardOptions.environment("TZ") {
            if tz.hasPrefix(":") { tz.removeFirst() }
            if tz == "UTC" || tz == "Etc/UTC" || tz == "UTC0" { return FixedOffsetZone.utc }
            if let rules = zones.rules(for: tz) { return rules }
        }
        let host = linkedZone() ?? TimeZone.current.identifier
        // UTC by any of its region names needs no rules; it keeps the name the rules would have given it (a host
        // linked to Etc/UTC says "Etc/UTC" in `--at`'s header).
        if ["UTC", "Etc/UTC", "Etc/Universal", "Etc/Zulu"].contains(host) { return FixedOffsetZone(identifier: host, offset: 0) }
        return zones.rules(for: host) ?? FixedOffsetZone.utc
    }

    /// The region /etc/localtime links to ("…/zoneinfo/Europe/Berlin"), as Foundation would name it, read without
    /// asking Foundation: `TimeZone.current` loads ICU's zone data first, 0.4 ms of every start (of 10–13 ms for the
    /// first frame from a snapshot at 50,000 tickets), while a UTC host needs no rules at all.
    private static func linkedZone() -> String? {
        var buffer = [CChar](repeating: 0, count: 1024)
        let n = readlink("/etc/localtime", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let marker = target.range(of: "zoneinfo/") else { return nil }
        let name = String(target[marker.upperBound...])
        return RosterClock.isRegionName(name) && !name.hasPrefix("posix/") && !name.hasPrefix("right/") ? name : nil
    }

    /// `--at -2d` as `--at=-2d`: the argument parser would take a value starting with a minus for an option.
    static func joiningRelativeTimes(_ arguments: [String]) -> [String] {
        var out: [String] = []
        var i = 0
        while i < arguments.count {
            let word = arguments[i]
            if ["--at", "--from", "--to"].contains(word), i + 1 < arguments.count, isRelative(arguments[i + 1]) {
                out.append(word + "=" + arguments[i + 1])
                i += 2
            } else {
                out.append(word)
                i += 1
            }
        }
        return out
    }

    private static func isRelative(_ word: String) -> Bool {
        let body = word.dropFirst()
        return word.hasPrefix("-") && body.count >= 2 && body.dropLast().allSatisfy(\.isNumber)
            && "mhdw".contains(body.last ?? "x")
    }

    /// A TIME typed on the command line, read against the clock (`SETBOARD_NOW` pins it) and the user's zone.
    static func parse(_ text: String, now: Int64) throws -> Int64 {
        do {
            return try TimeExpression.parse(text, now: now, zone: current())
        } catch {
            throw CLIFailure(error.description)
        }
    }
}

extension Session {
    /// The board as it was at `time` (`--at`): read-only, its clock stopped at that moment.
    init(_ options: BoardOptions, at text: String, lazily: Bool = false) throws {
        let now = try options.makeClock().nowMilliseconds()
        let time = try UserZone.parse(text, now: now)
        clock = CommandClock(pinned: time)
        store = try BoardStore.openPast(at: time, directory: options.path, snapshots: BoardOptions.snapshotPolicy,
                                        lazily: lazily)
        for warning in store.journal.warnings { printError("warning: " + warning) }
        _ = Unmanaged.passRetained(store)
        actor = currentOSAccount()
    }

    /// "the board as it was at 2026-11-24 17:00 Europe/Berlin": the line past boards are headed with.
    var pastHeading: String? {
        guard store.pastTime != nil else { return nil }
        return "the board as it was at " + TimeExpression.wallText(now, zone: UserZone.current())
    }
}
