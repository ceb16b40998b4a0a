/// `setboard cycle handover`: reassign open SET tickets to the incoming team, invite them to incidents, record notes and a summary.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardJournal

struct CycleHandoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handover",
        abstract: "Hand the open SET work to the incoming team, with notes and a Markdown summary.",
        discussion: """
            Proposes: each open ticket from its outgoing seat to the incoming seat with the same shift and role (lead \
            to lead; unassigned and unknown assignees to the incoming first-shift primary; someone who stays on SET \
            keeps their tickets), an invitation of each incoming person to every open incident, and the incoming \
            primary as commander of every open incident. Adjust with --map OLD=NEW (OLD `-` for unassigned tickets). \
            Without --yes it asks on a terminal; without a terminal it only prints the proposal and changes nothing. \
            Notes come from --notes, else $VISUAL/$EDITOR on a terminal. Everything is recorded in one change.
            """)
    @OptionGroup var options: BoardOptions
    @Option(name: .customLong("map"), help: ArgumentHelp("Give OLD's tickets to NEW instead.", valueName: "old=new"))
    var mappings: [String] = []
    @Option(help: "Hand-off notes for the incoming team.") var notes: String?
    @Option(help: ArgumentHelp("Where to write the Markdown summary (default handover-<rotation>.md).", valueName: "file"))
    var summary: String?
    @Flag(help: "Overwrite an existing summary file.") var force = false
    @Flag(help: "Apply without asking.") var yes = false

    func run() throws {
        try reportingFailures {
            let session = try Session(options)
            let now = session.now
            let window = try CycleLookup.requireWindow(store: session.store, now: now)
            if let h = session.store.cycle.rotation(window.id).handover {
                throw CycleError.handoverAlreadyDone(rotation: window.id, by: h.actor, at: h.at)
            }
            let overrides = try CycleProposal.mappings(mappings)
            let plan = try CycleHandoverPlan(store: session.store, window: window, overrides: overrides)
            print(plan.text, terminator: "")
            if let since = Diff.sinceLastHandover(session.store, directory: options.path) { print(since) }

            let path = summary ?? "handover-\(CycleHandoverCommand.fileSafe(window.id)).md"
            if !force && FileManager.default.fileExists(atPath: path) {
                throw CLIFailure("\(TextSafety.escaped(path)) exists: choose another file with --summary or pass --force")
            }
            let terminal = isatty(STDIN_FILENO) == 1
            if !yes {
                guard terminal else {
                    print("nothing changed: no terminal to confirm on; run again with --yes to apply")
                    return
                }
                print("Apply this hand-over? [y/N] ", terminator: "")
                guard let answer = readLine(), ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased()) else {
                    print("nothing changed")
                    return
                }
            }
            let text = try notes ?? (terminal ? editInEditor("", key: "handover-\(CycleHandoverCommand.fileSafe(window.id))") : nil)

            var stuckSince: [String: Int64] = [:]
            let records = try session.store.performEvents(actor: session.actor) { store in
                stuckSince = CycleSummary.stuck(store.state, now: now)
                // Decided again under the lock: what lands must be exactly what the user saw and confirmed.
                let fresh = try CycleHandoverPlan(store: store, window: window, overrides: overrides)
                guard fresh == plan else {
                    throw CLIFailure("the board changed while the hand-over was being confirmed; nothing changed: run it again")
                }
                return try fresh.events(store: store, window: window, actor: session.actor, now: now, notes: text,
                                        summaryPath: path)
            }
            do {
                let markdown = try CycleSummary.markdown(window: window, store: session.store, now: now, stuckSince: stuckSince)
                try Data(markdown.utf8).write(to: URL(fileURLWithPath: path), options: force ? .atomic : .withoutOverwriting)
            } catch {
                let why = (error as? JournalError)?.description ?? error.localizedDescription
                throw CLIFailure("the hand-over is recorded, but the summary could not be written to \(TextSafety.escaped(path)): \(why)")
            }
            let first = records.first?.seq ?? 0, last = records.last?.seq ?? 0
            print("handed over: \(CycleItem.count(plan.reassignments.count, "ticket")) reassigned, \(CycleItem.count(plan.inviteCount, "invitation")), "
                  + "\(CycleItem.count(plan.commanders.count, "commander")) changed, "
                  + ((text?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true) ? "no notes" : "notes recorded")
                  + " (journal \(first)–\(last)); summary written to \(TextSafety.escaped(path))")
        }
    }

    /// A rotation id as part of a file name: anything but letters, digits, '.', '_' and '-' becomes '-'.
    static func fileSafe(_ id: String) -> String {
        String(id.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-" })
    }
}

/// What a hand-over will do, computed the same way before confirmation and again under the journal's lock.
struct CycleHandoverPlan: Equatable {
    var reassignments: [CycleReassignment]
    var invitations: [CycleInvitation]
    var commanders: [CycleCommanderChange]
    var incoming: [String]

    init(store: BoardStore, window: CycleWindow, overrides: [String: String]) throws {
        reassignments = try CycleProposal.reassignments(CycleProposal.openTickets(store.state), window: window, overrides: overrides)
        invitations = CycleProposal.invitations(store.incidents, window: window)
        commanders = CycleProposal.commanders(store.incidents, window: window)
        incoming = window.incoming.handles
    }

    var inviteCount: Int { invitations.reduce(0) { $0 + $1.handles.count } }

    var text: String {
        func e(_ s: String) -> String { TextSafety.escaped(s) }
        var out = "Hand-over to the incoming SET team: \(incoming.map(e).joined(separator: ", "))\n"
        out += "Tickets to reassign (\(reassignments.count)):\n"
        if reassignments.isEmpty { out += "  none\n" }
        let width = reassignments.map { ($0.from.map(e) ?? "nobody").count }.max() ?? 0
        for r in reassignments {
            out += "  \(TextReports.pad(r.key, 8)) \(TextReports.pad(r.from.map(e) ?? "nobody", width)) → \(e(r.to))\n"
        }
        out += "Incidents to invite the incoming team to (\(invitations.count)):\n"
        if invitations.isEmpty { out += "  none\n" }
        for i in invitations { out += "  \(i.incident): \(i.handles.map(e).joined(separator: ", "))\n" }
        out += "Incident commanders to hand to the incoming primary (\(commanders.count)):\n"
        if commanders.isEmpty { out += "  none\n" }
        for c in commanders { out += "  \(c.incident): \(c.from.map(e) ?? "nobody") → \(e(c.to))\n" }
        return out
    }

    /// Every event of the hand-over, for one append: assignments, invitations, commanders, then the cycle's notes,
    /// ticks and completion.
    func events(store: BoardStore, window: CycleWindow, actor: String, now: Int64, notes: String?,
                summaryPath: String) throws -> [NewEvent] {
        var events: [NewEvent] = []
        for r in reassignments {
            events += try Decide.decide(.assign(key: r.key, assignee: r.to), state: store.state, actor: actor, now: now)
                .map { NewEvent(.board($0)) }
        }
        for i in invitations {
            for handle in i.handles {
                events += try IncidentDecide.decide(.invite(id: i.incident, team: handle), incidents: store.incidents, board: store.state)
                    .map { NewEvent(.incident($0)) }
            }
        }
        for c in commanders {
            events += try IncidentDecide.decide(.setCommander(id: c.incident, commander: c.to), incidents: store.incidents,
                                                board: store.state).map { NewEvent(.incident($0)) }
        }
        events += CycleGroup.newEvents(try CycleDecide.decide(
            .completeHandover(reassigned: reassignments.count, notes: notes, summaryPath: summaryPath),
            window: window, state: store.cycle, now: now))
        return events
    }
}
