/// The routing directory as YAML: which team owns each component, read strictly and written back so it imports as is.
import Foundation
import SetBoardCore
import Yams

public enum RoutingFile {
    public static let example = """
        # setboard routing directory: component -> owning team, or {team, contact} where
        # the contact is how to reach the team: a handle (@name) or a channel (#name).
        # `setboard handover KEY` suggests the team from the ticket's --component and shows its contact.
        # Import with: setboard routing import FILE.yaml (it replaces the whole directory;
        # once the board has a roster, only its leads and admins may).
        components:
          push-notifications: {team: mobile, contact: "#mobile-oncall"}
          search: server
          websocket: server
          desktop-app: desktop
          boards: {team: web, contact: "@web-lead"}
          plugins: integrations

        """

    /// Reads the YAML; every problem names its line and field, and nothing is changed on error.
    public static func parse(_ text: String) throws -> [String: String] { try parseDirectory(text).routes }

    /// The whole directory: component → team, and component → contact for those that give one.
    public static func parseDirectory(_ text: String) throws -> (routes: [String: String], contacts: [String: String]) {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw FileProblem("not valid YAML: \(String(describing: error).split(whereSeparator: \.isNewline).first ?? "")")
        }
        guard let root = node?.mapping else { throw FileProblem("line 1: expected a mapping with a `components:` key") }
        var routes: [String: String] = [:]
        var contacts: [String: String] = [:]
        for (k, v) in root {
            let line = (k.mark?.line ?? 0)
            guard k.string == "components" else {
                throw FileProblem("line \(line): unknown field \"\(TextSafety.escaped(k.string ?? "?"))\" (expected `components`)")
            }
            guard let components = v.mapping else {
                throw FileProblem("line \(v.mark?.line ?? line): `components` must map component names to team names")
            }
            for (ck, cv) in components {
                let l = ck.mark?.line ?? line
                guard let name = ck.string, !name.isEmpty else { throw FileProblem("line \(l): a component needs a name") }
                var teamNode = cv
                if let fields = cv.mapping {
                    guard let t = fields["team"] else {
                        throw FileProblem("line \(l): component \"\(TextSafety.escaped(name))\" needs a team name")
                    }
                    teamNode = t
                    for (fk, fv) in fields where fk.string != "team" {
                        let fl = fk.mark?.line ?? l
                        guard fk.string == "contact" else {
                            throw FileProblem("line \(fl): unknown field \"\(TextSafety.escaped(fk.string ?? "?"))\" (expected `team` or `contact`)")
                        }
                        guard let contact = fv.string, fv.scalar != nil, BoardSettings.isValidContact(contact) else {
                            throw FileProblem("line \(fl): contact \"\(TextSafety.escaped(fv.string ?? "?"))\" for \"\(TextSafety.escaped(name))\": use a handle (@name) or a channel (#name)")
                        }
                        contacts[name] = contact
                    }
                }
                guard let team = teamNode.string, !team.isEmpty, teamNode.scalar != nil else {
                    throw FileProblem("line \(l): component \"\(TextSafety.escaped(name))\" needs a team name")
                }
                guard Decide.isValidHandle(team) else {
                    throw FileProblem("line \(l): team \"\(TextSafety.escaped(team))\" for \"\(TextSafety.escaped(name))\": use letters, digits, '.', '_' or '-'")
                }
                guard routes[name] == nil else { throw FileProblem("line \(l): component \"\(TextSafety.escaped(name))\" appears twice") }
                routes[name] = team
            }
        }
        return (routes, contacts)
    }

    public static func yaml(_ routes: [String: String], contacts: [String: String] = [:]) -> String {
        var out = "# setboard routing directory: component -> owning team.\ncomponents:\n"
        if routes.isEmpty { return out.replacingOccurrences(of: "components:\n", with: "components: {}\n") }
        for name in routes.keys.sorted() {
            let quoted = (try? Yams.dump(object: name).trimmingCharacters(in: .whitespacesAndNewlines)) ?? name
            let team = routes[name] ?? ""
            if let contact = contacts[name] {
                out += "  \(quoted): {team: \(team), contact: \"\(contact)\"}\n"
            } else {
                out += "  \(quoted): \(team)\n"
            }
        }
        return out
    }
}
