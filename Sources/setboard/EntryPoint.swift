/// The process entry point: runs the chosen command and turns argument mistakes into one line and exit status 64.
import ArgumentParser
import SetBoardCore
#if canImport(Glibc)
import Glibc
#endif

extension SetBoard {
    /// argument-parser prints usage blocks for bad input; a one-line error with a pointer to help suits scripts
    /// and `ssh host setboard …` better. Help, version and completion output are left as argument-parser makes them.
    static func main() {
        let arguments = UserZone.joiningRelativeTimes(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = self.message(for: error)
            if code == .success || code == .failure && message.isEmpty || error is ExitCode {
                exit(withError: error)
            }
            // argument-parser quotes the offending argument as typed: escaped, so a crafted one cannot drive the terminal.
            let line = TextSafety.escaped(message.split(whereSeparator: \.isNewline).map(String.init).joined(separator: " "))
            let path = commandPath(arguments).joined(separator: " ")
            let hint = path.isEmpty ? "setboard --help" : "setboard \(path) --help"
            FileHandleOutput.standardError("setboard: error: \(line) (see `\(hint)`)\n")
            Glibc.exit(code.rawValue)
        }
    }
}

/// The subcommand names at the start of the arguments ("journal verify"), for pointing at the right help.
func commandPath(_ arguments: [String]) -> [String] {
    var path: [String] = []
    var level: [any ParsableCommand.Type] = SetBoard.configuration.subcommands
    for word in arguments where !word.hasPrefix("-") {
        guard let sub = level.first(where: { $0._commandName == word }) else { break }
        path.append(word)
        level = sub.configuration.subcommands
    }
    return path
}

enum FileHandleOutput {
    static func standardError(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
