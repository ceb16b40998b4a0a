/// Who may change the board's shared rules (settings, the routing directory): anyone until a roster exists, then its leads and admins.
public enum BoardEditors {
    /// The same people who may change the roster (`RosterDefinition.editors`); a board without a roster has no
    /// one to ask, so its first user sets it up.
    public static func check(_ actor: String, roster: RosterState, changing what: String) throws(BoardError) {
        guard let definition = roster.definition, !definition.editors.contains(actor) else { return }
        throw .notAllowed(actor: actor, editors: definition.editors.sorted(), what: what)
    }
}
