/// The `setboard` command: a Kanban board for the Sustained Engineering Team, in the terminal and on the shell.
import ArgumentParser

@main
struct SetBoard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setboard",
        abstract: "A terminal Kanban board for a Sustained Engineering Team.",
        discussion: """
            With no subcommand, opens the board full screen. Every change is an event in an append-only \
            journal in the board directory, written to disk before it is reported done.

            Environment: SETBOARD_BOARD (board directory), SETBOARD_NOW (pin the clock, ISO 8601), \
            SETBOARD_SNAPSHOT=off (no snapshot cache), NO_COLOR, XDG_DATA_HOME, XDG_CONFIG_HOME, \
            XDG_CACHE_HOME (snapshots).
            """,
        version: "0.1.0",
        subcommands: [
            Open.self, Render.self, Init.self, Add.self, List.self, Show.self, Move.self, Rank.self, Assign.self, Edit.self,
            RestoreOrder.self, Nudge.self, Take.self, Log.self, JournalGroup.self, Demo.self, IncidentGroup.self, Escalate.self, HandOver.self, Reroute.self, RoutingGroup.self, RosterGroup.self, SettingsGroup.self,
            CycleGroup.self, OnCallGroup.self, PageOnCall.self, Ack.self, ListPages.self, Watch.self, Bench.self,
            AlertIntakeCommand.self, ProjectGroup.self, ImportGroup.self, ExportGroup.self, LinkCommand.self,
            Diff.self, RemoteGroup.self, SyncCommand.self,
        ],
        defaultSubcommand: Open.self
    )
}
