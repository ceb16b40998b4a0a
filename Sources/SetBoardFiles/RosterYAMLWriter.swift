/// The roster written back as YAML that imports as is, and the commented example a lead starts from.
import SetBoardCore

public enum RosterYAMLWriter {
    /// A double-quoted YAML string; control characters become escapes so the file stays one field a line.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if TextSafety.isUnsafe(u) {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    public static func yaml(_ d: RosterDefinition) -> String {
        var out = "# setboard roster: import with `setboard roster import FILE.yaml` (replaces the whole roster).\n"
        out += "admins: [" + d.admins.map(quoted).joined(separator: ", ") + "]\n"
        out += "fallback: \(quoted(d.fallback.text))\n"
        out += "escalation:\n"
        out += "  waits: [" + d.escalation.waits.map(RosterTimeText.durationText).joined(separator: ", ") + "]\n"
        out += "  repeat: \(d.escalation.repeats)\n"
        // Written only when not the default, so a roster that never set it exports as before.
        if d.escalation.remindEvery != EscalationPolicy.standard.remindEvery {
            out += "  remind: \(RosterTimeText.durationText(d.escalation.remindEvery))\n"
        }
        out += "engineers:\n"
        for e in d.engineers {
            out += "  - handle: \(quoted(e.handle))\n    name: \(quoted(e.name))\n    team: \(quoted(e.team))\n"
            out += "    zone: \(quoted(e.zone))\n"
        }
        out += "rotations:\n"
        for r in d.rotations {
            out += "  - name: \(quoted(r.name))\n    zone: \(quoted(r.zone))\n    anchor: \(RosterClock.dateText(r.anchorDay))\n"
            out += "    weeks: \(r.weeks)\n    handoff: \(r.handoff.text)\n    handover_due: \(r.handoverDue.text)\n"
            out += "    lead: \(quoted(r.lead))\n    pattern: \(quoted(r.pattern.rawValue))\n"
            if let t = r.nextTeam { out += "    next_team: \(quoted(t))\n" }
            out += "    shifts:\n"
            for s in r.shifts {
                out += "      - name: \(quoted(s.name))\n        zone: \(quoted(s.zone))\n        hours: \"\(s.hoursText)\"\n"
                out += "        days: \(RosterTimeText.daysText(s.days))\n"
                out += "        people: [" + s.people.map(quoted).joined(separator: ", ") + "]\n"
            }
        }
        if !d.overrides.isEmpty {
            out += "overrides:\n"
            for o in d.overrides {
                out += "  - role: \(o.role.rawValue)\n    handle: \(quoted(o.handle))\n"
                out += "    from: \(RosterTimeText.iso(o.from))\n    to: \(RosterTimeText.iso(o.to))\n"
                if let s = o.shift { out += "    shift: \(quoted(s))\n" }
            }
        }
        if !d.swaps.isEmpty {
            out += "swaps:\n"
            for s in d.swaps {
                out += "  - a: \(quoted(s.first))\n    b: \(quoted(s.second))\n"
                out += "    from: \(RosterTimeText.iso(s.from))\n    to: \(RosterTimeText.iso(s.to))\n"
            }
        }
        if !d.leave.isEmpty {
            out += "leave:\n"
            for l in d.leave {
                out += "  - handle: \(quoted(l.handle))\n    from: \(RosterTimeText.iso(l.from))\n    to: \(RosterTimeText.iso(l.to))\n"
            }
        }
        return out
    }

    public static let example = """
        # setboard roster: who is SET primary, backup and lead, and how pages escalate.
        # Import with `setboard roster import FILE.yaml`; it replaces the whole roster, and a bad file changes nothing.
        # The first import is open to anyone; after that only the admins and rotation leads named here may import.

        # People who may edit the roster besides the rotation leads.
        admins: [frank]

        # Who answers when no shift covers the moment: `lead`, or the name of a shift.
        fallback: lead

        # A page goes to the primary, then the backup, then the lead, waiting this long at each step,
        # then goes round the chain `repeat` more times. (The notify command is in each notifier's config.yaml.)
        escalation:
          waits: [15m, 15m, 15m]
          repeat: 1

        # Everyone who can hold a role. `zone` is an IANA time zone, used to show their local time.
        engineers:
          - {handle: alice, name: Alice Archer, team: server, zone: Europe/Berlin}
          - {handle: bob, name: Bob Baker, team: server, zone: Europe/Berlin}
          - {handle: carol, name: Carol Clark, team: web, zone: Europe/Berlin}
          - {handle: dave, name: Dave Dunn, team: mobile, zone: America/New_York}
          - {handle: erin, name: Erin Evans, team: mobile, zone: America/New_York}
          - {handle: frank, name: Frank Ford, team: desktop, zone: America/New_York}

        # A rotation runs from its anchor (a date on the hand-off weekday) until the next rotation's anchor.
        # Weeks are counted on the rotation zone's wall clock: the hand-off stays at 09:00 local through DST changes.
        rotations:
          - name: SET
            zone: Europe/Berlin
            anchor: 2026-01-05
            weeks: 2                    # the rotation's length in weeks
            handoff: monday 09:00       # primaries and backups change over here each week
            handover_due: friday 17:00  # open work handed to the incoming team by then
            lead: carol
            next_team: mobile           # the team that commits the next rotation's people
            # paired: two people per shift, primary and backup in week one, swapped in week two;
            # staggered: two or more, this week's backup is next week's primary;
            # 24x7: a single shift with hours 00:00-24:00 every day.
            pattern: paired
            shifts:
              # Hours are on the shift's own clock; where bands overlap, the shift listed first answers.
              - name: EMEA
                zone: Europe/Berlin
                hours: "08:00-17:00"
                days: mon-fri           # or daily, weekends, [sat, sun]
                people: [alice, bob]    # week one: alice primary, bob backup; week two: the other way round
              - name: Americas
                zone: America/New_York
                hours: "09:00-18:00"
                days: mon-fri
                people: [dave, erin]

        # Changes since, usually made with `setboard roster override|swap|leave`. Times with Z or an offset are
        # instants; without one they are on the first rotation's clock; a bare leave end date includes that day.
        overrides: []   # e.g. - {role: primary, handle: frank, from: 2026-12-24T09:00, to: 2026-12-27T09:00, shift: EMEA}
        swaps: []       # e.g. - {a: alice, b: bob, from: 2026-12-28T09:00, to: 2027-01-04T09:00}
        leave: []       # e.g. - {handle: dave, from: 2026-12-21, to: 2026-12-31}

        """
}
