/// The help overlay: the key map's keys by group and the marks on cards, scrolled when longer than the screen.
import SetBoardCore

extension AppModel {
    /// Every key of the key map by group, then the marks on cards: drawn from the key map, so it is never wrong.
    func helpLines() -> [PaneLine] {
        var lines: [PaneLine] = [PaneLine("Keys (remap them under `keys:` in config.yaml)", role: .overlayTitle)]
        var group = ""
        for entry in keyMap.entries where !entry.keys.isEmpty {
            if entry.group != group {
                group = entry.group
                lines.append(PaneLine(""))
                lines.append(PaneLine(group, role: .columnTitle))
            }
            let keys = entry.keys.map(Badges.keyLabel).joined(separator: " ")
            lines.append(PaneLine("  " + keys.padded(to: 12) + " " + entry.help, role: .normal))
        }
        lines.append(PaneLine(""))
        lines.append(PaneLine("Marks on cards", role: .columnTitle))
        for (mark, meaning) in Badges.legend { lines.append(PaneLine("  " + mark.padded(to: 12) + " " + meaning)) }
        lines.append(PaneLine("  " + "1-7".padded(to: 12) + " in the detail view: cycle a checklist item"))
        return lines
    }

    /// The help from `scroll` (kept in range by the layout step) on.
    func drawHelp(_ grid: inout Grid, scroll: Int, area: Rect) {
        let lines = helpLines()
        // Longer than the screen, the last row says how much is below and how to get there.
        let room = lines.count > area.height ? max(1, area.height - 1) : area.height
        let first = max(0, min(scroll, lines.count - room))
        for (row, line) in lines.dropFirst(first).prefix(room).enumerated() {
            grid.putCut(line.text, x: 1, y: area.y + row, role: line.role, width: area.width - 2)
        }
        if room < area.height {
            let below = lines.count - first - room
            let where_ = below > 0 ? "↓ \(below) more line\(below == 1 ? "" : "s")" : "↑ \(first) line\(first == 1 ? "" : "s") above"
            grid.putCut(" \(where_) · j/k or PgDn/PgUp scroll", x: 0, y: area.y + room, role: .dim, width: area.width)
        }
    }
}
