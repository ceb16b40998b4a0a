/// The inline form over the bottom of the board: its title, fields, the focused one's hint.
import SetBoardCore

extension AppModel {
    func drawForm(_ grid: inout Grid, form: Form, area: Rect) {
        let title: String
        switch form.kind {
        case .add: title = "Add a ticket"
        case let .edit(key): title = "Edit \(key)"
        case let .incidentUpdate(id): title = "Post an update to \(id)"
        case let .incidentOpen(key): title = "Open an incident about \(key)"
        case let .incidentCommander(id): title = "New commander of \(id)"
        }
        let height = min(area.height, form.fields.count + 2)
        let y0 = area.y + area.height - height
        grid.fill(x: area.x, y: y0, width: area.width, height: height, role: .overlay)
        grid.fill(x: area.x, y: y0, width: area.width, height: 1, role: .overlayTitle)
        let state = form.submitting ? " · saving…" : " · Tab next field · Enter save · Esc cancel"
        grid.putCut(" " + title + state, x: area.x, y: y0, role: .overlayTitle, width: area.width)
        let labelWidth = (form.fields.map { DisplayWidth.of($0.label) }.max() ?? 0) + 2
        for (i, field) in form.fields.enumerated() where y0 + 1 + i < area.y + area.height {
            let y = y0 + 1 + i
            let focused = i == form.focus
            grid.put(" " + field.label + ":", x: area.x, y: y, role: .overlay)
            let x = area.x + labelWidth + 1
            let room = area.width - x - 1
            guard room > 2 else { continue }
            let role: StyleRole = focused ? .cardSelected : .overlay
            if focused && !field.choices.isEmpty {
                // A pick among fixed values shows the value between arrows: there is no cursor to type at.
                let shown = "<" + field.value + ">"
                grid.fill(x: x, y: y, width: room, height: 1, role: role)
                grid.put(shown, x: x, y: y, role: role, maxWidth: room)
                let used = DisplayWidth.of(shown)
                if used + 4 < room { grid.putCut("  " + field.hint, x: x + used, y: y, role: .dim, width: room - used) }
            } else if focused {
                // The end of what is typed stays visible: long values scroll left.
                let shown = field.value.suffixFitting(room - 1) + "_"
                grid.fill(x: x, y: y, width: room, height: 1, role: role)
                grid.put(shown, x: x, y: y, role: role, maxWidth: room)
                let hint = "  " + field.hint
                let used = DisplayWidth.of(shown)
                if used + 4 < room { grid.putCut(hint, x: x + used, y: y, role: .dim, width: room - used) }
            } else {
                grid.putCut(field.value, x: x, y: y, role: role, width: room)
            }
        }
    }
}
