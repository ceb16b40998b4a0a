/// `setboard routing import|export|show|example`: the component → owning team directory, kept as YAML and validated.
import ArgumentParser
import Foundation
import SetBoardCore
import SetBoardFiles

struct RoutingGroup: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routing",
        abstract: "The routing directory: which team owns each component (suggests the team for `handover`).",
        subcommands: [Show.self, Import.self, Export.self, Example.self],
        defaultSubcommand: Show.self
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the routing directory.")
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
                    let contact = session.state.settings.contact(of: name).map { " (" + TextSafety.escaped($0) + ")" } ?? ""
                    print(TextReports.pad(TextSafety.escaped(name), width) + "  → " + TextSafety.escaped(routes[name] ?? "") + contact)
                }
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Replace the routing directory with a YAML file (validated first).",
            discussion: "Once the board has a roster, only its leads and admins may do this.")
        @OptionGroup var options: BoardOptions
        @Argument(help: "The YAML file (see `setboard routing example`).") var file: String
        func run() throws {
            try reportingFailures {
                let text = try readTextFile(file)
                let routes: [String: String], contacts: [String: String]
                do { (routes, contacts) = try RoutingFile.parseDirectory(text) } catch let e as FileProblem {
                    throw CLIFailure("\(TextSafety.escaped(file)): \(e.description); nothing was changed")
                }
                let session = try Session(options)
                try session.performAsEditor(.defineRouting(routes, contacts: contacts), changing: "the routing directory")
                print("routing directory set: \(routes.count) components")
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export", abstract: "Print the routing directory as YAML that imports as is.")
        @OptionGroup var options: BoardOptions
        func run() throws {
            try reportingFailures {
                let session = try Session(options, reading: true)
                print(RoutingFile.yaml(session.state.settings.routing, contacts: session.state.settings.routingContacts), terminator: "")
            }
        }
    }

    struct Example: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "example", abstract: "Print a commented example routing file.")
        func run() { print(RoutingFile.example, terminator: "") }
    }
}
