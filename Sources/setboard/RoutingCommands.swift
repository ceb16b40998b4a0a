/// `setboard routing import|export|show|example`: the component → owning team directory, kept as YAML and validated.
import ArgumentParser
import Foundation
import SetBoardCore
import Yams

struct RoutingGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routing",
        abstract: "The routing directory: which team owns each component (suggests the team for `handover`).",
        subcommands: [Show.self, Import.self, Export.self, Example.self],
        defaultSubcommand: Show.self
    )

    static let example = """
        # setboard routing directory: component -> owning team.
        # `setboard handover KEY` suggests the team from the ticket's --component.
        # Import with: setboard routing import FILE.yaml (it replaces the whole directory).
        components:
          push-notifications: mobile
          search: server
          websocket: server
          desktop-app: desktop
          boards: web
          plugins: integrations

        """

    /// Reads the YAML; every problem names its line and field, and nothing is changed on error.
    static func parse(_ text: String) throws -> [String: String] {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw CLIFailure("not valid YAML: \(String(describing: error).split(whereSeparator: \.isNewline).first ?? "")")
        }
        guard let root = node?.mapping else { throw CLIFailure("line 1: expected a mapping with a `components:` key") }
        var routes: [String: String] = [:]
        for (k, v) in root {
            let line = (k.mark?.line ?? 0)
            guard k.string == "components" else {
                throw CLIFailure("line \(line): unknown field \"\(TextSafety.escaped(k.string ?? "?"))\" (expected `components`)")
            }
            guard let components = v.mapping else {
                throw CLIFailure("line \(v.mark?.line ?? line): `components` must map component names to team names")
            }
            for (ck, cv) in components {
                let l = ck.mark?.line ?? line
                guard let name = ck.string, !name.isEmpty else { throw CLIFailure("line \(l): a component needs a name") }
                guard let team = cv.string, !team.isEmpty, cv.scalar != nil else {
                    throw CLIFailure("line \(l): component \"\(TextSafety.escaped(name))\" needs a team name")
                }
                guard Decide.isValidHandle(team) else {
                    throw CLIFailure("line \(l): team \"\(TextSafety.escaped(team))\" for \"\(TextSafety.escaped(name))\": use letters, digits, '.', '_' or '-'")
                }
                guard routes[name] == nil else { throw CLIFailure("line \(l): component \"\(TextSafety.escaped(name))\" appears twice") }
                routes[name] = team
            }
        }
        return routes
    }

    static func yaml(_ routes: [String: String]) -> String {
        var out = "# setboard routing directory: component -> owning team.\ncomponents:\n"
        if routes.isEmpty { return out.replacingOccurrences(of: "components:\n", with: "components: {}\n") }
        for name in routes.keys.sorted() {
            let quoted = (try? Yams.dump(object: name).trimmingCharacters(in: .whitespacesAndNewlines)) ?? name
            out += "  \(quoted): \(routes[name] ?? "")\n"
        }
        return out
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the routing directory.")
        @OptionGroup var options: BoardOptions
        func run() throws {
            try reportingFailures {
                let session = try Session(options, reading: true)
                let routes = session.state.settings.routing
                if routes.isEmpty {
                    print("no routing directory yet: see `setboard routing example`")
                    return
                }
                let width = routes.keys.map { TextSafety.escaped($0).count }.max() ?? 0
                for name in routes.keys.sorted() {
                    print(TextReports.pad(TextSafety.escaped(name), width) + "  → " + TextSafety.escaped(routes[name] ?? ""))
                }
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace the routing directory with a YAML file (validated first).")
        @OptionGroup var options: BoardOptions
        @Argument(help: "The YAML file (see `setboard routing example`).") var file: String
        func run() throws {
            try reportingFailures {
                let data: Data
                do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                    throw CLIFailure("cannot read \(TextSafety.escaped(file)): \(error.localizedDescription)")
                }
                guard let text = String(data: data, encoding: .utf8) else { throw CLIFailure("\(TextSafety.escaped(file)) is not UTF-8 text") }
                let routes: [String: String]
                do { routes = try RoutingGroup.parse(text) } catch let e as CLIFailure {
                    throw CLIFailure("\(TextSafety.escaped(file)): \(e.description); nothing was changed")
                }
                let session = try Session(options)
                try session.perform(.defineRouting(routes))
                print("routing directory set: \(routes.count) components")
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the routing directory as YAML that imports as is.")
        @OptionGroup var options: BoardOptions
        func run() throws {
            try reportingFailures {
                let session = try Session(options, reading: true)
                print(RoutingGroup.yaml(session.state.settings.routing), terminator: "")
            }
        }
    }

    struct Example: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a commented example routing file.")
        func run() { print(RoutingGroup.example, terminator: "") }
    }
}
